"""OCR of scans: how many of a document's words come back when it is printed and scanned.

Each seed document (``demo/demo_data``) is rendered to a PDF as in the tests, its pages are
rendered to images by poppler's ``pdftoppm`` (300 dpi, grey) and put back together as an
image-only PDF, the way a scanner returns paper. That PDF goes through the same extraction as
every upload (``motions.extraction.pdf_text_or_failure``: Tesseract, German model). Printed per
document: the share of the original text layer's words found again (with their counts), the
OCR's own confidence, and seconds per page; the baseline, in the same run, is reading the
original's text layer. Target: ≥ 95 % of the words.

``python -m bench ocr``; ``BENCH_OCR_SEEDS=2`` reads only the first two seeds.
"""

from __future__ import annotations

import collections
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.ingest import _load

SEEDS = Path(__file__).resolve().parents[1] / "demo" / "demo_data"
TARGET = 0.95


def _words(text: str) -> collections.Counter:
    return collections.Counter(word.lower() for word in re.findall(r"\w+", text))


def _recall(original: str, read: str) -> float:
    wanted, found = _words(original), _words(read)
    return sum((wanted & found).values()) / max(sum(wanted.values()), 1)


def image_only_pdf(data: bytes, *, dpi: int = 300) -> bytes:
    """The PDF printed and scanned: pdftoppm renders each page, Pillow binds the images into a PDF."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed executable
            [shutil.which("pdftoppm"), "-r", str(dpi), "-gray", "-png", str(source), str(Path(tmp) / "page")],
            check=True,
            capture_output=True,
        )
        images = [Image.open(path).convert("L") for path in sorted(Path(tmp).glob("page*.png"))]
        buffer = io.BytesIO()
        images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def main():
    from motions.extraction import pdf_text_or_failure
    from motions.pdf_ocr import ocr_unavailable_reason
    from motions.pdf_text import pdf_text
    from tests.motions.pdfs import document_pdf

    if ocr_unavailable_reason() or not shutil.which("pdftoppm"):
        print(
            f"   skipped: needs tesseract-ocr-deu and poppler-utils (missing: {ocr_unavailable_reason() or 'pdftoppm'})"
        )
        return
    seeds = sorted(SEEDS.glob("*.txt"))[: int(os.environ.get("BENCH_OCR_SEEDS", "5"))]
    print(f"   {_load()} (load average, 1 min)")
    total_found = total_words = 0.0
    ocr_seconds = text_seconds = 0.0
    pages = 0
    for seed in seeds:
        original = document_pdf(seed.read_text(encoding="utf-8"))
        started = time.perf_counter()
        layer = "\n".join(pdf_text(original).pages)
        text_seconds += time.perf_counter() - started
        scan = image_only_pdf(original)
        started = time.perf_counter()
        result, reason = pdf_text_or_failure(scan)
        elapsed = time.perf_counter() - started
        ocr_seconds += elapsed
        read = "\n".join(result.pages) if result is not None else ""
        recall = _recall(layer, read)
        words = sum(_words(layer).values())
        total_found += recall * words
        total_words += words
        count = len(result.pages) if result is not None else 0
        pages += count
        confidence = result.ocr_confidence if result is not None else None
        print(
            f"   {seed.stem:<45} {count} S. {words:>4} Wörter  wieder gefunden {recall:6.1%}  "
            f"Sicherheit {confidence if confidence is not None else '–'}  {elapsed / max(count, 1):5.1f} s/Seite"
            + (f"  ({reason})" if reason else "")
        )
    recall = total_found / max(total_words, 1)
    print(
        f"   all {len(seeds)} seeds, {pages} pages: {recall:.1%} of {int(total_words)} words found again "
        f"(target ≥ {TARGET:.0%}: {'✓' if recall >= TARGET else '✗'}); OCR {ocr_seconds / max(pages, 1):.1f} s/page, "
        f"text layer {text_seconds / max(pages, 1):.2f} s/page (ratio {ocr_seconds / max(text_seconds, 1e-9):.0f}×)"
    )
