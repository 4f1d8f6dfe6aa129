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


def page_text_clean(text: str) -> str:
    """Join words hyphenated at line ends, undo ligatures and tidy white space."""
    text = text.translate(_LIGATURES).replace("\r\n", "\n").replace("\r", "\n")
    text = _SOFT_HYPHEN_INLINE.sub("", text)
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


def pdfminer_pages(data: bytes, *, max_pages: int, time_limit: float) -> tuple[list[str], str, bool]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTCurve, LTTextContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    started = time.monotonic()
    pages: list[str] = []
    head_rows: list[str] = []
    rules = 0
    try:
        # Fonts are cached (their number is small); each page's layout is dropped once its text is
        # taken, so memory does not grow with the page count.
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams(**LAPARAMS))
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
            if len(pages) >= max_pages:
                raise _too_many_pages(max_pages)
            if time.monotonic() - started > time_limit:
                raise _too_slow(time_limit)
            interpreter.process_page(page)
            layout = device.get_result()
            pages.append("\n".join(el.get_text() for el in layout if isinstance(el, LTTextContainer)))
            if len(pages) <= HEAD_PAGES:
                head_rows.append(_rows_text(layout))
            if len(pages) == 1:
                rules = sum(isinstance(el, LTCurve) for el in layout)
    except ExtractionFailed:
        raise
    except (Exception, MemoryError) as exc:  # pdfminer raises anything from struct.error to KeyError
        raise _failure_for(exc) from exc
    if not pages:
        raise ExtractionFailed(_("Die Datei enthält keine Seiten."))
    return [page_text_clean(p) for p in pages], page_text_clean("\n".join(head_rows)), rules >= 2


def pdftotext_pages(data: bytes, *, max_pages: int, time_limit: float) -> tuple[list[str], str, bool]:
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
    cleaned = [page_text_clean(p) for p in pages]
    return cleaned, "\n".join(cleaned[:HEAD_PAGES]), True


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
    pages, head_rows, rules = EXTRACTORS[name](data, max_pages=max_pages, time_limit=time_limit)
    return PdfText(pages=pages, extractor=name, head_rows=head_rows, head_has_rules=rules)
