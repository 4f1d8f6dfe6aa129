"""The text of a PDF, page by page, as a reader would read it.

pdfminer.six is the extractor that always works: its layout analysis (``LAParams`` below) groups
characters into lines and lines into text boxes, and orders the boxes so that a two-column page is
read column by column. Where poppler's ``pdftotext`` is installed it may be chosen instead
(``RIS_PDF_EXTRACTOR=pdftotext`` or ``auto``); it is much faster on long files. Both paths end in
the same clean-up (``page_text_clean``) and are held to the same tests.

Every failure is turned into an ``ExtractionFailed`` with a German sentence that tells staff what
is wrong with the file; nothing here lets an exception of a PDF library escape. Extraction is
bounded: at most ``max_pages`` pages and ``time_limit`` seconds (checked between pages; the
Celery task limit covers a single pathological page); memory stays bounded because pages are laid
out one at a time and pdfminer's object cache is switched off.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

from django.utils.translation import gettext as _

# pdfminer's defaults, stated so that a change is a visible decision: char_margin/word_margin
# decide where words and lines end, line_margin which lines form a box, and boxes_flow=0.5 orders
# boxes by both position across and down the page, which keeps columns apart.
LAPARAMS = {
    "line_overlap": 0.5,
    "char_margin": 2.0,
    "line_margin": 0.5,
    "word_margin": 0.1,
    "boxes_flow": 0.5,
    "detect_vertical": False,
    "all_texts": False,
}

DEFAULT_MAX_PAGES = 3000
DEFAULT_TIME_LIMIT = 240.0

# A word split at the line end: "Straßen-\nreinigung". The continuation decides what the hyphen
# was: a lower-case one was a syllable break, an upper-case one a real compound ("CDU-Fraktion").
_LINE_END_HYPHEN = re.compile(r"(\w)[-\u00ad][ \t]*\n[ \t]*\n?[ \t]*(\w+)")
# "Bürger- und Unternehmensservice": an elided compound, the hyphen stays and so does the space.
_CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "als", "wie", "bis", "noch", "statt"})
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SOFT_HYPHEN_INLINE = re.compile(r"\u00ad(?!\n)")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# Symbol and Wingdings fonts put their bullets, arrows and ticks in the private-use area
# (U+F0xx); what a reader sees is kept, anything else there means nothing to a reader or a search.
_PRIVATE_USE_SEEN = {
    **dict.fromkeys((0xF0B7, 0xF09F, 0xF06C, 0xF06E, 0xF0A7, 0xF0A8, 0xF075, 0xF076, 0xF0FB), "•"),
    **dict.fromkeys((0xF0E0, 0xF0E8, 0xF0D8, 0xF0F0, 0xF0DE, 0xF0AE), "→"),
    **dict.fromkeys((0xF0FC, 0xF0FE), "✓"),
    0xF02D: "-",
}
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# A glyph no font table could name (see ``_Aggregator``): the word it sits in is left out.
UNMAPPED = "\ufffd"
_UNMAPPED_WORD = re.compile(r"\S*\ufffd\S*")
# poppler gives an unnamed glyph as its raw code, a control character: just as unmapped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Letter-spaced headings "A n w e s e n d e": at least four letters, each followed by one space.
_LETTER_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_] ){3,}[^\W\d_](?![^\W\d_])")
# … and a short one ("u n d") where wider gaps or the line's ends set it apart as a word.
_LETTER_SPACED_SHORT = re.compile(r"(?:(?<=[ \t]{2})|^)(?:[^\W\d_] ){2}[^\W\d_](?=[ \t]{2}|$)", re.M)
_SPACE_RUN = re.compile(r"[ \t\u00a0]{2,}")
# All-caps words broken at the line end: "PAR-\nTEI" is one word, "CDU-\nFRAKTION" two.
_CAPS_LINE_END = re.compile(r"\b([A-ZÄÖÜ]{2,})-[ \t]*\n[ \t]*([A-ZÄÖÜ]{2,})\b")
_WORD = re.compile(r"[^\W\d_]{2,}")


class ExtractionFailed(Exception):
    """A file whose text cannot be read; ``str(exc)`` is the sentence shown to staff."""


@dataclass(frozen=True)
class PdfText:
    pages: list[str]
    extractor: str
    # The first pages as rows in visual order ("Datum   8. März 2021" on one line), for recognition.
    head_rows: str = ""
    # Whether the first page has ruling lines, i.e. may hold a ruled table worth a second look.
    head_has_rules: bool = True
    # What each page shows besides its text (``motions.pdf_ocr.PageLook``): whether OCR could add to it.
    looks: tuple = ()
    # Pages whose text came from OCR, and Tesseract's mean confidence over them (0–1).
    ocr_pages: tuple[int, ...] = ()
    ocr_confidence: float | None = None
    # Lines of page 1 printed larger than its body text (the title block), for recognition.
    head_titles: tuple[str, ...] = ()
    # Where the first pages' lines are: (page number, x0, top, x1, bottom, text), each coordinate a
    # share of the page's width or height measured from its top left; to mark a value on the page.
    head_lines: tuple[tuple, ...] = ()

    @property
    def has_text(self) -> bool:
        return any(page.strip() for page in self.pages)


def _join_hyphenated(match: re.Match) -> str:
    left, word = match.group(1), match.group(2)
    if word.lower() in _CONJUNCTIONS:
        return f"{left}- {word}"
    if left.islower() and word[0].islower():
        return f"{left}{word}"
    return f"{left}-{word}"


def _private_use(match: re.Match) -> str:
    return _PRIVATE_USE_SEEN.get(ord(match.group(0)), "")


def _letter_spaced(match: re.Match) -> str:
    return match.group(0).replace(" ", "")


def text_vocabulary(text: str) -> frozenset[str]:
    """The words a document uses (lower case) outside line-end breaks, to tell a broken word from a compound."""
    return frozenset(word.lower() for word in _WORD.findall(_CAPS_LINE_END.sub(" ", text)))


def _caps_joiner(vocabulary: frozenset[str]):
    def join(match: re.Match) -> str:
        left, right = match.group(1), match.group(2)
        if (left + right).lower() in vocabulary:
            return left + right
        # A compound is made of words the document uses on their own ("CDU", "FRAKTION"); the
        # pieces of a word broken into syllables ("PAR", "TEI") are not words.
        if left.lower() in vocabulary or right.lower() in vocabulary:
            return f"{left}-{right}"
        return left + right

    return join


def page_text_clean(text: str, *, vocabulary: frozenset[str] | None = None) -> str:
    """Join words hyphenated or letter-spaced, undo ligatures, private-use glyphs and space runs.

    ``vocabulary`` is the words of the whole document (``text_vocabulary``), used to decide whether
    an all-caps word broken at a line end is one word; without it, this page's words are used.
    """
    text = text.translate(_LIGATURES).replace("\r\n", "\n").replace("\r", "\n")
    text = _PRIVATE_USE.sub(_private_use, text)
    text = _CONTROL.sub(UNMAPPED, text)
    text = _UNMAPPED_WORD.sub("", text)
    text = _SOFT_HYPHEN_INLINE.sub("", text)
    text = _LETTER_SPACED.sub(_letter_spaced, text)
    text = _LETTER_SPACED_SHORT.sub(_letter_spaced, text)
    text = _SPACE_RUN.sub(" ", text)
    vocabulary = vocabulary if vocabulary is not None else text_vocabulary(text)
    text = _CAPS_LINE_END.sub(_caps_joiner(vocabulary), text)
    text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _failure_for(exc: BaseException) -> ExtractionFailed:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError) or "encrypt" in type(exc).__name__.lower():
        return ExtractionFailed(_("Die Datei ist verschlüsselt; ohne Passwort lässt sich ihr Text nicht lesen."))
    if isinstance(exc, MemoryError):
        return ExtractionFailed(_("Die Datei braucht zu viel Speicher; ihr Text wurde nicht gelesen."))
    detail = str(exc).strip() or type(exc).__name__
    return ExtractionFailed(
        _("Die Datei ist beschädigt oder unvollständig und lässt sich nicht als PDF lesen (%(detail)s).")
        % {"detail": detail[:200]}
    )


def _too_many_pages(max_pages: int) -> ExtractionFailed:
    return ExtractionFailed(
        _("Die Datei hat mehr als %(max)d Seiten; das ist mehr, als die Texterkennung liest.") % {"max": max_pages}
    )


def _too_slow(time_limit: float) -> ExtractionFailed:
    return ExtractionFailed(
        _("Die Texterkennung hat das Zeitlimit von %(seconds)d Sekunden überschritten.") % {"seconds": time_limit}
    )


HEAD_PAGES = 2


def _rows_text(layout) -> str:
    """The page's text lines grouped into visual rows, left to right: a label and its value meet again."""
    from pdfminer.layout import LTTextContainer, LTTextLine

    lines = [
        line
        for box in layout
        if isinstance(box, LTTextContainer)
        for line in (box if not isinstance(box, LTTextLine) else [box])
        if isinstance(line, LTTextLine) and line.get_text().strip()
    ]
    lines.sort(key=lambda line: (-round(line.y1), line.x0))
    rows: list[list] = []
    for line in lines:
        row = rows[-1] if rows else None
        if row and min(row[0].y1, line.y1) - max(row[0].y0, line.y0) > 0.5 * min(row[0].height, line.height):
            row.append(line)
        else:
            rows.append([line])
    return "\n".join(" ".join(ln.get_text().strip() for ln in sorted(row, key=lambda ln: ln.x0)) for row in rows)


class _Fonts:
    """pdfminer's resource manager and page aggregator, taught to name glyphs its tables miss.

    The manager keeps each font's dictionary (pdfminer forgets it) so that the aggregator can read
    glyph names from it (``motions.pdf_glyphs``); a glyph nobody names becomes ``UNMAPPED``
    instead of pdfminer's "(cid:N)", and the page remembers that it has one.
    """

    @staticmethod
    def make(laparams):
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfinterp import PDFResourceManager

        from motions.pdf_glyphs import font_fallback_table

        class Manager(PDFResourceManager):
            def get_font(self, objid, spec):
                font = super().get_font(objid, spec)
                if not hasattr(font, "ris_spec"):
                    font.ris_spec = spec
                return font

        class Aggregator(PDFPageAggregator):
            unmapped = 0

            def handle_undefined_char(self, font, cid):
                table = getattr(font, "ris_fallback", None)
                if table is None:
                    table = font.ris_fallback = font_fallback_table(font, getattr(font, "ris_spec", None))
                if cid in table:
                    return table[cid]
                self.unmapped += 1
                return UNMAPPED

        manager = Manager(caching=True)
        return manager, Aggregator(manager, laparams=laparams)


def _reading_order(boxes: list, width: float) -> list:
    """The text boxes of a page as a reader takes them: on a two-column page (a verbatim transcript,
    a newsletter), between full-width blocks the left column top to bottom, then the right one.

    pdfminer's own ordering (``boxes_flow``) weighs position across and down together, which may
    put the top of the right column before the left column's first lines.
    """
    if len(boxes) < 6:
        return boxes
    sizes = {id(b): len(b.get_text()) for b in boxes}
    # The gutter: the line down the middle third of the page that the least text crosses.
    candidates = {width / 2} | {
        edge for b in boxes for edge in (b.x1 + 1, b.x0 - 1) if 0.3 * width < edge < 0.7 * width
    }
    middle = min(
        candidates,
        key=lambda x: (sum(sizes[id(b)] for b in boxes if b.x0 < x - 2 and b.x1 > x + 2), abs(x - width / 2)),
    )
    # A box across the gutter is a full-width block when it is wide; a short one ("Seite 1" in
    # the header) belongs to the side of its centre.
    spanning = [b for b in boxes if b.x0 < middle - 2 and b.x1 > middle + 2 and b.width > 0.45 * width]
    left = [b for b in boxes if b not in spanning and (b.x0 + b.x1) / 2 < middle]
    right = [b for b in boxes if b not in spanning and b not in left]
    text_left = sum(sizes[id(b)] for b in left)
    text_right = sum(sizes[id(b)] for b in right)
    total = text_left + text_right + sum(sizes[id(b)] for b in spanning)
    if len(left) < 3 or len(right) < 3 or min(text_left, text_right) < 0.25 * max(total, 1):
        return boxes
    cuts = sorted((b.y1 for b in spanning), reverse=True)

    def band(box) -> int:
        return sum(1 for cut in cuts if cut > (box.y0 + box.y1) / 2)

    def key(box):
        side = 0 if box in spanning else 1 if box in left else 2
        return (band(box), side, -box.y1, box.x0)

    return sorted(boxes, key=key)


def _large_lines(boxes: list) -> list[str]:
    """The title blocks of a page: lines printed at least a fifth larger than most of its text.

    A title over two lines ("Haushaltsrede 2020" / "zum Haushaltsplan 2021") is one block: a line
    of the same font size close below the one before joins it; a line without letters (a dash
    between title and byline) ends it. The blocks come largest first (in reading order within one
    size): the largest print near the top is where a document names itself.
    """
    from pdfminer.layout import LTChar, LTTextLine

    lines = [line for box in boxes for line in box if isinstance(line, LTTextLine) and line.get_text().strip()]
    sizes: list[float] = []
    for line in lines:
        chars = [ch.size for ch in line if isinstance(ch, LTChar)]
        sizes.append(max(chars) if chars else 0.0)
    if not sizes:
        return []
    weighted = sorted((size, len(line.get_text())) for size, line in zip(sizes, lines, strict=True))
    half, seen, body = sum(n for _size, n in weighted) / 2, 0, weighted[-1][0]
    for size, n in weighted:
        seen += n
        if seen >= half:
            body = size
            break
    blocks: list[list] = []  # [size, bottom of the last line, text, order]
    for size, line in zip(sizes, lines, strict=True):
        if size < 1.2 * body:
            continue
        text = line.get_text().strip()
        last = blocks[-1] if blocks else None
        if (
            last is not None
            and abs(last[0] - size) <= 0.05 * size
            and 0 <= last[1] - line.y1 <= 1.5 * size
            and any(ch.isalpha() for ch in text)
            and any(ch.isalpha() for ch in last[2])
        ):
            last[1], last[2] = line.y0, f"{last[2]} {text}"
            continue
        blocks.append([size, line.y0, text, len(blocks)])
    blocks.sort(key=lambda block: (-round(block[0], 1), block[3]))
    return [block[2] for block in blocks][:12]


def _page_from_poppler(data: bytes, number: int, *, time_limit: float) -> str | None:
    """One page as poppler reads it, for a page with glyphs pdfminer cannot name; None without poppler."""
    executable = shutil.which("pdftotext")
    if executable is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable, data on stdin
            [executable, "-raw", "-enc", "UTF-8", "-f", str(number), "-l", str(number), "-", "-"],
            input=data,
            capture_output=True,
            timeout=min(time_limit, 60),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace").replace("\f", "")


def _look(layout, text: str):
    from pdfminer.layout import LTCurve, LTFigure, LTImage

    from motions.pdf_ocr import PageLook

    def walk(items):
        for item in items:
            yield item
            if isinstance(item, LTFigure):
                yield from walk(item)

    items = list(walk(layout))
    return PageLook(
        words=len(text.split()),
        width=layout.width,
        height=layout.height,
        images=sum(isinstance(item, LTImage) for item in items),
        curves=sum(isinstance(item, LTCurve) for item in items),
    )


def _line_positions(layout, number: int) -> list[tuple]:
    """Every text line of a page with its box, as shares of the page measured from the top left."""
    from pdfminer.layout import LTTextContainer, LTTextLine

    width, height = layout.width or 1, layout.height or 1
    found = []
    for box in layout:
        if not isinstance(box, LTTextContainer):
            continue
        for line in box if not isinstance(box, LTTextLine) else [box]:
            text = line.get_text().strip() if isinstance(line, LTTextLine) else ""
            if text:
                found.append(
                    (
                        number,
                        round(max(line.x0, 0) / width, 4),
                        round(max(height - line.y1, 0) / height, 4),
                        round(min(line.x1, width) / width, 4),
                        round(min(height - line.y0, height) / height, 4),
                        text,
                    )
                )
    return found


def pdfminer_pages(data: bytes, *, max_pages: int, time_limit: float) -> tuple[list[str], str, bool, list, list, list]:
    from pdfminer.layout import LAParams, LTCurve, LTTextContainer
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdfpage import PDFPage

    started = time.monotonic()
    pages: list[str] = []
    looks: list = []
    head_rows: list[str] = []
    head_titles: list[str] = []
    head_lines: list[tuple] = []
    rules = 0
    try:
        # Fonts are cached (their number is small); each page's layout is dropped once its text is
        # taken, so memory does not grow with the page count.
        manager, device = _Fonts.make(LAParams(**LAPARAMS))
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
            if len(pages) >= max_pages:
                raise _too_many_pages(max_pages)
            if time.monotonic() - started > time_limit:
                raise _too_slow(time_limit)
            device.unmapped = 0
            interpreter.process_page(page)
            layout = device.get_result()
            boxes = [el for el in layout if isinstance(el, LTTextContainer)]
            text = "\n".join(el.get_text() for el in _reading_order(boxes, layout.width))
            if device.unmapped and (poppler := _page_from_poppler(data, len(pages) + 1, time_limit=time_limit)):
                # poppler reads glyph names and embedded fonts more widely; where it, too, gives
                # a replacement character, the clean-up leaves that word out.
                text = poppler
            pages.append(text)
            looks.append(_look(layout, text))
            if len(pages) <= HEAD_PAGES:
                ordered = _reading_order(boxes, layout.width)
                # rows across a two-column page would mix the columns: there the reading order is the order
                head_rows.append(_rows_text(layout) if ordered == boxes else text)
                head_lines.extend(_line_positions(layout, len(pages)))
            if len(pages) == 1:
                head_titles = _large_lines(boxes)
            if len(pages) == 1:
                rules = sum(isinstance(el, LTCurve) for el in layout)
    except ExtractionFailed:
        raise
    except (Exception, MemoryError) as exc:  # pdfminer raises anything from struct.error to KeyError
        raise _failure_for(exc) from exc
    if not pages:
        raise ExtractionFailed(_("Die Datei enthält keine Seiten."))
    vocabulary = text_vocabulary("\n".join(pages))
    cleaned = [page_text_clean(p, vocabulary=vocabulary) for p in pages]
    titles = [page_text_clean(line, vocabulary=vocabulary) for line in head_titles]
    lines = [(*where, page_text_clean(text, vocabulary=vocabulary)) for *where, text in head_lines]
    return cleaned, page_text_clean("\n".join(head_rows), vocabulary=vocabulary), rules >= 2, looks, titles, lines


def pdftotext_pages(data: bytes, *, max_pages: int, time_limit: float) -> tuple[list[str], str, bool, list, list, list]:
    """poppler's pdftotext as a subprocess: fast, bounded by a timeout, isolated from the worker.

    ``-raw`` keeps the line ends as they are, so that our own de-hyphenation decides, not
    poppler's, which would turn "CDU-Fraktion" into "CDUFraktion".
    """
    executable = shutil.which("pdftotext")
    if executable is None:
        raise ExtractionFailed(_("pdftotext ist nicht installiert."))
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable, data on stdin
            [executable, "-raw", "-enc", "UTF-8", "-l", str(max_pages + 1), "-", "-"],
            input=data,
            capture_output=True,
            timeout=time_limit,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise _too_slow(time_limit) from exc
    if done.returncode == 3 or b"password" in done.stderr.lower():
        raise ExtractionFailed(_("Die Datei ist verschlüsselt; ohne Passwort lässt sich ihr Text nicht lesen."))
    if done.returncode != 0:
        raise ExtractionFailed(
            _("Die Datei ist beschädigt oder unvollständig und lässt sich nicht als PDF lesen (%(detail)s).")
            % {"detail": f"pdftotext {done.returncode}"}
        )
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    if len(pages) > max_pages:
        raise _too_many_pages(max_pages)
    if not pages:
        raise ExtractionFailed(_("Die Datei enthält keine Seiten."))
    vocabulary = text_vocabulary("\n".join(pages))
    cleaned = [page_text_clean(p, vocabulary=vocabulary) for p in pages]
    from motions.pdf_ocr import PageLook

    # poppler says nothing of images: only a file without any text goes to OCR.
    looks = [PageLook(words=len(p.split())) for p in cleaned]
    return cleaned, "\n".join(cleaned[:HEAD_PAGES]), True, looks, [], []


EXTRACTORS = {"pdfminer": pdfminer_pages, "pdftotext": pdftotext_pages}


def extractor_name(choice: str = "pdfminer") -> str:
    """``auto`` takes pdftotext where installed and pdfminer.six everywhere else."""
    if choice == "auto":
        return "pdftotext" if shutil.which("pdftotext") else "pdfminer"
    return choice if choice in EXTRACTORS else "pdfminer"


def pdf_text(
    data: bytes,
    *,
    extractor: str = "pdfminer",
    max_pages: int = DEFAULT_MAX_PAGES,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> PdfText:
    """The cleaned text of each page of a PDF.

    Raises:
        ExtractionFailed: the bytes are empty, not a PDF, encrypted, broken, too long or too slow.
    """
    if not data:
        raise ExtractionFailed(_("Die Datei ist leer."))
    if b"%PDF-" not in data[:1024]:
        raise ExtractionFailed(_("Die Datei ist kein PDF (sie beginnt nicht mit %PDF-)."))
    name = extractor_name(extractor)
    pages, head_rows, rules, looks, titles, lines = EXTRACTORS[name](data, max_pages=max_pages, time_limit=time_limit)
    return PdfText(
        pages=pages,
        extractor=name,
        head_rows=head_rows,
        head_has_rules=rules,
        looks=tuple(looks),
        head_titles=tuple(titles),
        head_lines=tuple(lines),
    )
