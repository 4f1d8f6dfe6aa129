"""“Meinten Sie …?”: a query whose words the index does not know, spelled with the nearest
words of the index's own vocabulary (``VocabularyWord``, already held in memory by the
decompounder on every backend).

A word is unknown when neither it nor its stem is in the vocabulary and it is no compound of
known parts. Its nearest vocabulary word is found by edit distance (``rapidfuzz``, C speed over
the whole vocabulary: a few milliseconds for 100,000s of words; at most 1 edit for words of up to
five letters, 2 beyond). A suggestion is offered only when the corrected query finds something
the user may see, and it is spelled as a document the user may see spells it ("buergerbuero" →
"Bürgerbüro"), so it can never reveal a word that occurs only in non-public text.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from search.analysis import Decompounder, stem, word_spans
from search.query import _STOP, ParsedQuery

MAX_UNKNOWN = 4


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def is_unknown(word: str, comp: Decompounder) -> bool:
    if not word.isalpha() or len(word) < 4 or word in _STOP:
        return False
    return word not in comp.words and stem(word) not in comp.stems and not comp.split(word)


def _vocabulary_list(comp: Decompounder) -> list[str]:
    listed = getattr(comp, "_suggest_list", None)
    if listed is None:
        listed = sorted(comp.words)
        comp._suggest_list = listed
    return listed


def nearest_word(word: str, comp: Decompounder) -> str | None:
    """The vocabulary word closest to ``word`` by edit distance (ties: same first letter, then
    the closest length, then alphabetical), or None when nothing is close enough."""
    limit = _max_edits(word)
    found = process.extract(word, _vocabulary_list(comp), scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
    if not found:
        return None
    best = min(found, key=lambda f: (f[1], f[0][:1] != word[:1], abs(len(f[0]) - len(word)), f[0]))
    return best[0]


def corrections(parsed: ParsedQuery, comp: Decompounder) -> dict[str, str]:
    """{unknown folded word: nearest vocabulary word} for the query's positive words."""
    found: dict[str, str] = {}
    for group in parsed.positive_groups:
        for clause in group:
            if clause.negated:
                continue
            for word in clause.words:
                if word in found or len(found) >= MAX_UNKNOWN or not is_unknown(word, comp):
                    continue
                near = nearest_word(word, comp)
                if near:
                    found[word] = near
    return found


def spelled_query(raw: str, replacements: dict[str, str]) -> str:
    """``raw`` with each word whose folded form is replaced, keeping capitals and punctuation."""
    out, last = [], 0
    for start, end, folded in word_spans(raw):
        if folded in replacements:
            new = replacements[folded]
            original = raw[start:end]
            if original[:1].isupper():
                new = new[:1].upper() + new[1:]
            out.append(raw[last:start] + new)
            last = end
    out.append(raw[last:])
    return "".join(out)


def spelling_in(text: str, folded: str) -> str | None:
    """How ``text`` spells the word whose folded form is ``folded`` (lower case), if it does."""
    for start, end, word in word_spans(text):
        if word == folded:
            return text[start:end].lower()
    return None
