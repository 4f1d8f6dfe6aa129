"""Reading what a user typed: a tolerant parser and the match tree every backend renders.

The parser accepts any input at all. Quotes make phrases (an unclosed quote runs to the end),
a leading minus excludes, ``OR``/``ODER``/``|`` separate alternatives, ``AND``/``UND``/``+`` are
accepted and mean what a space means. Operators with nothing to operate on are ignored; control
characters are spaces; input beyond ``MAX_QUERY_CHARS`` is cut. Reference numbers
("A/0006/2019", "VII/0680/24", "VO/2014/01919") are recognised so the paper can be put first.

``match_tree`` then turns each clause into what it should find in German: the stem, the stem as
a prefix for long words (compound heads: "Breitband" → "Breitbandausbau"), the parts of a
compound ("Schulsanierung" → schul AND sanier) and the abbreviations of ``lexicon``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search import lexicon
from search.analysis import MAX_WORD, Decompounder, fold, stem, strip_control, uninflected, words

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 12
PREFIX_MIN_STEM = 6

REFERENCE_RE = re.compile(r"^[A-Za-zÄÖÜäöü]{0,6}[/-]?\d{1,6}(?:[/.-][A-Za-z0-9]{1,6}){1,3}$|^[A-Za-z]{1,6}/\d")
OR_WORDS = {"OR", "ODER", "|", "||"}
AND_WORDS = {"AND", "UND", "+", "&", "&&"}
_STOP = {fold(w) for w in lexicon.STOP_WORDS}


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]
    phrase: bool = False
    negated: bool = False
    original: str = field(default="", compare=False)


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[Clause]] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    @property
    def positive_groups(self) -> list[list[Clause]]:
        return [g for g in self.groups if any(not c.negated for c in g)]

    @property
    def negatives(self) -> list[Clause]:
        return [c for g in self.groups for c in g if c.negated]

    @property
    def is_empty(self) -> bool:
        return not self.positive_groups


def _raw_tokens(text: str) -> list[tuple[str, bool, bool]]:
    """(text, quoted, negated) pieces of the input."""
    tokens = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            tokens.append((text[i + 1 : end], True, negated))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        tokens.append((text[start:i], False, negated))
    return tokens


def is_reference(token: str) -> bool:
    return "/" in token and any(c.isdigit() for c in token) and bool(REFERENCE_RE.match(token))


def parse(raw: str | None) -> ParsedQuery:
    text = strip_control(str(raw or ""))[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(raw=text.strip())
    group: list[Clause] = []
    clause_count = 0
    for token, quoted, negated in _raw_tokens(text):
        if not quoted and token.upper() in OR_WORDS:
            if group:
                parsed.groups.append(group)
            group = []
            continue
        if not quoted and token.upper() in AND_WORDS:
            continue
        token = token.strip(".,;:!?()[]{}<>'«»„“”")
        if not quoted and is_reference(token):
            parsed.references.append(token)
        found = tuple(w[:MAX_WORD] for w in words(token))
        if not found or clause_count >= MAX_CLAUSES:
            continue
        clause_count += 1
        clause = Clause(words=found[:12], phrase=quoted or len(found) > 1, negated=negated, original=token[:200])
        group.append(clause)
    if group:
        parsed.groups.append(group)
    parsed.groups = [_without_stop_words(g) for g in parsed.groups]
    return parsed


def _without_stop_words(group: list[Clause]) -> list[Clause]:
    kept = [c for c in group if c.phrase or c.words[0] not in _STOP]
    return kept if any(not c.negated for c in kept) else group


# --- the match tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    stem: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    stems: tuple[str, ...]


@dataclass(frozen=True)
class All:
    children: tuple


@dataclass(frozen=True)
class Any:
    children: tuple


def _synonym_index() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for group in lexicon.SYNONYM_GROUPS:
        forms = [tuple(words(member)) for member in group]
        for form in forms:
            index.setdefault(" ".join(form), [])
            index[" ".join(form)].extend(f for f in forms if f != form and f not in index[" ".join(form)])
    return index


SYNONYMS = _synonym_index()


def _form_node(form: tuple[str, ...]):
    return Term(stem(form[0])) if len(form) == 1 else Phrase(tuple(stem(w) for w in form))


def clause_node(clause: Clause, decompounder: Decompounder | None):
    alternatives: list = []
    if len(clause.words) > 1:
        alternatives.append(Phrase(tuple(stem(w) for w in clause.words)))
    else:
        word = clause.words[0]
        own = stem(word)
        long_word = len(own) >= PREFIX_MIN_STEM and word.isalpha() and not clause.negated
        alternatives.append(Term(own, prefix=long_word))
        base = uninflected(word)
        if base and decompounder and not clause.negated and decompounder.knows(base):
            # "Bürgerbüros" finds "Bürgerbüro": the plural "s" after a vowel that Snowball keeps.
            alternatives.append(Term(stem(base), prefix=len(stem(base)) >= PREFIX_MIN_STEM))
        parts = decompounder.split(word) if decompounder and not clause.negated else ()
        if parts:
            alternatives.append(All(tuple(Term(stem(p)) for p in parts)))
    for form in SYNONYMS.get(" ".join(clause.words), []):
        node = _form_node(form)
        if node not in alternatives:
            alternatives.append(node)
    return alternatives[0] if len(alternatives) == 1 else Any(tuple(alternatives))


@dataclass
class MatchTree:
    """OR of groups; each group: all of ``positives`` and none of ``negatives``."""

    groups: list[tuple[list, list]]
    excluded: list

    @property
    def empty(self) -> bool:
        return not self.groups


def match_tree(parsed: ParsedQuery, decompounder: Decompounder | None = None) -> MatchTree:
    groups = []
    for group in parsed.positive_groups:
        positives = [clause_node(c, decompounder) for c in group if not c.negated]
        negatives = [clause_node(c, None) for c in group if c.negated]
        groups.append((positives, negatives))
    excluded = [clause_node(c, None) for c in parsed.negatives] if not groups else []
    return MatchTree(groups=groups, excluded=excluded)


def highlight_terms(tree: MatchTree) -> tuple[set[str], tuple[str, ...]]:
    """(exact stems, stem prefixes) that a snippet should mark."""
    exact: set[str] = set()
    prefixes: set[str] = set()

    def visit(node):
        if isinstance(node, Term):
            (prefixes if node.prefix else exact).add(node.stem)
        elif isinstance(node, Phrase):
            exact.update(node.stems)
        else:
            for child in node.children:
                visit(child)

    for positives, _negatives in tree.groups:
        for node in positives:
            visit(node)
    return exact, tuple(sorted(prefixes))
