"""German text analysis shared by indexing, querying and highlighting.

One pipeline, applied identically to documents and to queries, so that both sides always agree:

1. **Folding**: lower case, ``ß`` → ``ss``, ``ä/ö/ü`` → ``ae/oe/ue``, other accents dropped, so
   "Straße", "Strasse" and "STRASSE" are one word, and so are "Bürgerbüro" and "Buergerbuero".
2. **Words**: runs of letters and digits; everything else separates.
3. **Stemming**: Snowball German (the algorithm PostgreSQL's ``german`` configuration uses), so
   "Anfragen" and "Anfrage" share the stem ``anfrag``.
4. **Decompounding** (``Decompounder``): a compound is split into parts that the vocabulary knows
   ("Grundschule" → grund + schule), and the parts' stems are indexed beside the word's own stem.
   That is how "Schule" finds "Grundschule" and "Schulsanierung" finds "Sanierung der Grundschule".

The database backend stores the resulting stems and lets SQLite FTS5 or PostgreSQL match them with
a language-neutral tokenizer; the Elasticsearch backend does the same steps with its own analyzers
(``search.documents``).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_FOLD_PAIRS = (("ß", "ss"), ("ẞ", "ss"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue"))
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

MIN_PART = 4
# Very short heads ("bau", "amt", "weg") only when the seed lexicon lists them.
SHORT_HEADS = frozenset({"amt", "bad", "bau", "hof", "rat", "see", "tag", "weg"})
MAX_WORD = 40
# Fugenelemente: the joints between compound parts ("Verkehr-s-planung", "Schule-n-bau").
LINKS = ("", "s", "es", "n", "en", "er", "e")


def strip_control(text: str) -> str:
    return _CONTROL.sub(" ", text)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    if text.isascii():
        return text
    # str.replace per letter: several times faster than str.translate with a dict on long texts.
    for letter, folded in _FOLD_PAIRS:
        if letter in text:
            text = text.replace(letter, folded)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    return fold(word)


def word_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, folded word) for every word of the original text, for highlighting (a
    page's texts repeat most of their words: each is folded once per process)."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), _fold_word(match.group())


_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if len(word) > MAX_WORD or not word.isalpha():
        return word
    return _stemmer.stemWord(word)


def uninflected(word: str) -> str | None:
    """``word`` without a plural or genitive "s" after a vowel ("bueros", "autos", "kitas"),
    which the Snowball stemmer keeps (it strips "s" only after consonants); None otherwise."""
    if len(word) > MIN_PART and word.endswith("s") and word[-2] in "aeiouy" and word.isalpha():
        return word[:-1]
    return None


def is_vocabulary_word(word: str) -> bool:
    return MIN_PART <= len(word) <= MAX_WORD and word.isalpha()


class Decompounder:
    """Splits German compounds into parts the vocabulary knows.

    ``words`` are folded words seen on their own (in the index or in ``lexicon.SEED_WORDS``);
    a part counts as known when it is such a word or the stem of one ("schul" from "Schule",
    as in "Schulsanierung"). The head (last part) must be a known word or have a known stem, so
    inflected heads work ("Grundschulen").
    """

    def __init__(self, vocabulary: Iterable[str]):
        self.words = {w for w in vocabulary if is_vocabulary_word(w)}
        self.stems = {stem(w) for w in self.words}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._part_stems: dict[str, frozenset[str]] = {}
        self._sorted_stems: list[str] | None = None

    def _known_modifier(self, part: str) -> str | None:
        for link in LINKS:
            if link and not part.endswith(link):
                continue
            base = part[: len(part) - len(link)] if link else part
            if len(base) >= MIN_PART and (base in self.words or base in self.stems):
                return base
        return None

    def _known_head(self, part: str) -> bool:
        if part in SHORT_HEADS:
            return True
        return len(part) >= MIN_PART and (part in self.words or stem(part) in self.stems)

    def head_form(self, part: str) -> str | None:
        """The known form of a compound's head: itself, or without the plural or genitive "s"
        after a vowel that Snowball leaves on ("bueros" → "buero", "kitas" → "kita")."""
        if self._known_head(part):
            return part
        base = uninflected(part)
        return base if base and self._known_head(base) else None

    def knows(self, word: str) -> bool:
        """Whether the word, its stem or its parts are in the vocabulary."""
        return word in self.words or stem(word) in self.stems or bool(self.split(word))

    def _split(self, word: str, depth: int = 0) -> tuple[str, ...]:
        if depth > 3 or len(word) < MIN_PART + 3:
            return ()
        # Longest modifier first: "grundschulsanierung" → grundschul + sanierung, then the
        # modifier is split again by the caller.
        for cut in range(len(word) - 3, MIN_PART - 1, -1):
            modifier = self._known_modifier(word[:cut])
            if modifier is None:
                continue
            head = self.head_form(word[cut:])
            if head:
                return (modifier, head)
            head = word[cut:]
            rest = self._split(head, depth + 1)
            if rest:
                return (modifier, *rest)
        return ()

    def split(self, word: str) -> tuple[str, ...]:
        """The top-level split of a compound ("grundschulsanierung" → grundschul, sanierung)."""
        if not word.isalpha() or len(word) > MAX_WORD:
            return ()
        return self._split(word)

    def parts(self, word: str) -> tuple[str, ...]:
        """All parts of a compound (recursively), or () when the word is not a known compound."""
        if not word.isalpha() or len(word) > MAX_WORD:
            return ()
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        found: list[str] = []
        for part in self._split(word):
            found.append(part)
            found.extend(p for p in self.parts(part) if p not in found)
        result = tuple(found)
        if len(self._cache) < 500_000:
            self._cache[word] = result
        return result

    def stems_with_prefix(self, prefix: str, limit: int) -> list[str] | None:
        """The known stems starting with ``prefix`` (sorted); None when more than ``limit``."""
        if self._sorted_stems is None:
            self._sorted_stems = sorted(self.stems | {stem(s) for s in self.stems})
        start = bisect.bisect_left(self._sorted_stems, prefix)
        found = []
        for candidate in itertools.islice(self._sorted_stems, start, None):
            if not candidate.startswith(prefix):
                break
            if len(found) == limit:
                return None
            found.append(candidate)
        return found

    def part_stems(self, word: str) -> frozenset[str]:
        found = self._part_stems.get(word)
        if found is None:
            own = stem(word)
            found = frozenset(s for s in (stem(p) for p in self.parts(word)) if s != own)
            if len(self._part_stems) < 500_000:
                self._part_stems[word] = found
        return found


def analyze(text: str, decompounder: Decompounder) -> tuple[str, str]:
    """A text as stored in the index: (its stems in order, the stems of its compounds' parts)."""
    found = words(text)
    extra: set[str] = set()
    for word in set(found):
        extra |= decompounder.part_stems(word)
    return " ".join(stem(w) for w in found), " ".join(sorted(extra))
