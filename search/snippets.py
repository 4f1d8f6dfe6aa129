"""Highlighted snippets: the passage of a hit's text with the most query words, words marked.

Built in Python for the page of hits only (at most ``PAGE_SIZE`` texts), with the same analysis
as the index, so a snippet marks exactly what matched: inflections ("Grundschulen" for
"Grundschule"), umlaut variants and compound parts ("Grundschule" for "Schulsanierung").
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from search.analysis import Decompounder, stem, word_spans

WINDOW_WORDS = 30
MAX_SCAN_CHARS = 200_000


def _matches(word: str, exact: set[str], prefixes: tuple[str, ...], comp: Decompounder | None) -> bool:
    own = stem(word)
    if own in exact or (prefixes and own.startswith(prefixes)):
        return True
    return bool(comp and len(word) >= 8 and comp.part_stems(word) & exact)


def highlight(
    text: str,
    exact: set[str],
    prefixes: tuple[str, ...] = (),
    comp: Decompounder | None = None,
    window: int = WINDOW_WORDS,
    whole: bool = False,
) -> SafeString:
    """The best window of ``text`` (or all of it with ``whole``), HTML-escaped, hits in <mark>."""
    text = text[:MAX_SCAN_CHARS]
    spans = list(word_spans(text))
    if not spans:
        return mark_safe(escape(text[: window * 8]))
    hits: list[int] = []
    if exact or prefixes:
        seen: dict[str, bool] = {}
        for i, (_s, _e, w) in enumerate(spans):
            found = seen.get(w)
            if found is None:
                found = seen[w] = _matches(w, exact, prefixes, comp)
            if found:
                hits.append(i)
    if whole:
        first, last = 0, len(spans) - 1
    else:
        first = _best_start(hits, window) if hits else 0
        last = min(len(spans) - 1, first + window - 1)
    hit_set = set(hits)
    out = ["… " if first > 0 else ""]
    cursor = spans[first][0]
    for i in range(first, last + 1):
        start, end, _w = spans[i]
        out.append(escape(text[cursor:start]))
        piece = escape(text[start:end])
        out.append(f"<mark>{piece}</mark>" if i in hit_set else piece)
        cursor = end
    if whole:
        out.append(escape(text[cursor:]))
    elif last < len(spans) - 1:
        out.append(" …")
    return mark_safe(" ".join("".join(out).split()))


def _best_start(hits: list[int], window: int) -> int:
    """Start a few words before the hit that has the most other hits within one window."""
    best, best_count, end = hits[0], 0, 0
    for i, start in enumerate(hits):
        end = max(end, i)
        while end + 1 < len(hits) and hits[end + 1] < start + window:
            end += 1
        if end - i + 1 > best_count:
            best, best_count = start, end - i + 1
    return max(0, best - 4)
