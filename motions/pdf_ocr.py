"""Text for scanned pages: Tesseract with its German model, page by page.

A page goes to OCR when its text layer is missing or nearly empty for its size and there is
something on it to read (an image, or a drawing of many strokes, as a map or a slide is); a file
without any text at all has every page read. Pages are rendered at 300 dpi by pdfium (pypdfium2,
which pdfplumber brings) and read by the ``tesseract`` executable, whose TSV output gives each
word with its confidence: the page's confidence is the mean over its words, weighted by length.

The OCR runs where the extraction runs (the Celery worker, the ingest workers), bounded by the
same time limit; pages it has no time for keep their text layer and the reason says so. Where
Tesseract or its German model is missing, ``ocr_unavailable_reason`` says which.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGUAGE = "deu"
DPI = 300
# An A4 page with fewer words than this in its text layer is "nearly empty" (a map with its
# legend, a title slide, a scan with a stamped page number); smaller pages need proportionally fewer.
MIN_WORDS_A4 = 25
A4_AREA = 595 * 842
# Strokes that make a page worth reading although it has no image: a map, a chart, a drawn form.
MANY_CURVES = 40


@dataclass(frozen=True)
class PageLook:
    """What the extraction saw of a page, enough to decide whether OCR could add to it."""

    words: int
    width: float = 595.0
    height: float = 842.0
    images: int = 0
    curves: int = 0


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float
    words: int


@cache
def ocr_unavailable_reason() -> str:
    """Why OCR cannot run on this machine, or "" when Tesseract with its German model is there."""
    executable = shutil.which("tesseract")
    if executable is None:
        return "tesseract"
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable
            [executable, "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "tesseract"
    return "" if LANGUAGE in done.stdout.decode(errors="replace").split() else "tesseract-ocr-deu"


def pages_to_read(looks: list[PageLook]) -> list[int]:
    """The (0-based) pages whose text layer is missing or nearly empty and that show something."""
    if not any(look.words for look in looks):
        return list(range(len(looks)))
    return [
        index
        for index, look in enumerate(looks)
        if look.words < MIN_WORDS_A4 * max(look.width * look.height, 1) / A4_AREA
        and (look.images or look.curves >= MANY_CURVES)
    ]


def _text_of_tsv(tsv: str) -> tuple[str, float, int]:
    """Tesseract's TSV as lines of words (a blank line between paragraphs) and the mean confidence."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    weighted = letters = 0.0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        lines.setdefault(key, []).append(word)
        confidence = max(float(row.get("conf") or 0), 0.0)
        weighted += confidence * len(word)
        letters += len(word)
    out: list[str] = []
    previous = None
    for key, words in lines.items():
        if previous is not None and key[:2] != previous[:2]:
            out.append("")
        out.append(" ".join(words))
        previous = key
    count = sum(len(words) for words in lines.values())
    return "\n".join(out), (weighted / letters / 100 if letters else 0.0), count


def ocr_page(document, index: int, *, timeout: float) -> OcrPage | None:
    """One page of an open pypdfium2 document read by Tesseract, or None when that failed."""
    executable = shutil.which("tesseract")
    if executable is None or timeout <= 0:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "page.png"
        page = document[index]
        try:
            page.render(scale=DPI / 72, grayscale=True).to_pil().save(image)
        finally:
            page.close()
        try:
            done = subprocess.run(  # noqa: S603 - fixed executable, our own temporary files
                [executable, str(image), str(Path(tmp) / "out"), "-l", LANGUAGE, "--dpi", str(DPI), "tsv"],
                capture_output=True,
                # One thread per Tesseract: the worker pool already uses every core.
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None
        result = Path(tmp) / "out.tsv"
        if done.returncode != 0 or not result.exists():
            return None
        text, confidence, words = _text_of_tsv(result.read_text(encoding="utf-8", errors="replace"))
    return OcrPage(text=text, confidence=round(confidence, 3), words=words)


def ocr_pages(data: bytes, indexes: list[int], *, time_limit: float) -> tuple[dict[int, OcrPage], bool]:
    """Read the given pages; returns what was read and whether every page was reached in time."""
    import pypdfium2

    started = time.monotonic()
    found: dict[int, OcrPage] = {}
    document = pypdfium2.PdfDocument(data)
    try:
        for index in indexes:
            left = time_limit - (time.monotonic() - started)
            if left <= 1:
                return found, False
            page = ocr_page(document, index, timeout=left)
            if page is not None:
                found[index] = page
    finally:
        document.close()
    return found, True
