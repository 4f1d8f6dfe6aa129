"""OCR: scanned and nearly empty pages are read by Tesseract (German), with their own state and a confidence."""

import collections
import re
import shutil
from pathlib import Path

import pytest

from motions.models import ExtractionState
from motions.pdf_ocr import PageLook, ocr_unavailable_reason, pages_to_read
from motions.pdf_text import pdf_text
from motions.services import file_create
from tests.factories import BodyFactory
from tests.motions.pdfs import document_pdf, scanned_pdf

SEED = Path(__file__).resolve().parents[2] / "demo" / "demo_data" / "aschersleben_aenderungsantrag_A-0006-2019.txt"


def _words(text: str) -> collections.Counter:
    return collections.Counter(word.lower() for word in re.findall(r"\w+", text))


def word_recall(original: str, read: str) -> float:
    """The share of the original's words (with their counts) found again."""
    wanted, found = _words(original), _words(read)
    return sum((wanted & found).values()) / max(sum(wanted.values()), 1)


def test_pages_to_read_takes_empty_and_nearly_empty_pages_that_show_something():
    looks = [
        PageLook(words=400),  # a page of text
        PageLook(words=13, curves=300),  # a map with its legend
        PageLook(words=3, images=1),  # a scanned page with a stamped page number
        PageLook(words=5),  # a nearly blank last page: nothing else on it to read
        PageLook(words=12, images=1, width=298, height=421),  # an A6 card: 12 words are plenty
    ]
    assert pages_to_read(looks) == [1, 2]


def test_pages_to_read_takes_every_page_of_a_file_without_text():
    assert pages_to_read([PageLook(words=0), PageLook(words=0)]) == [0, 1]


@pytest.mark.django_db
def test_file_extract_reads_a_scan_by_ocr_with_its_confidence(django_capture_on_commit_callbacks):
    if ocr_unavailable_reason():
        pytest.skip(f"Tesseract with its German model is not installed (missing: {ocr_unavailable_reason()})")
    original = document_pdf(SEED.read_text(encoding="utf-8"))
    with django_capture_on_commit_callbacks(execute=True):
        file = file_create(body=BodyFactory(), name="Scan", content=scanned_pdf(original), file_name="scan.pdf")
    file.refresh_from_db()
    assert file.extraction_state == ExtractionState.OCR
    assert 0.8 <= file.ocr_confidence <= 1
    assert word_recall("\n".join(pdf_text(original).pages), file.text) >= 0.95
    assert file.pages.count() == 1
    assert "Texterkennung (OCR)" in file.extraction_summary


@pytest.mark.django_db
def test_file_extract_without_tesseract_ends_in_a_clear_state(monkeypatch, django_capture_on_commit_callbacks):
    original = document_pdf(SEED.read_text(encoding="utf-8"))
    monkeypatch.setenv("PATH", "/nonexistent")  # a machine without Tesseract
    ocr_unavailable_reason.cache_clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            file = file_create(body=BodyFactory(), name="Scan", content=scanned_pdf(original), file_name="scan.pdf")
    finally:
        ocr_unavailable_reason.cache_clear()
    file.refresh_from_db()
    assert file.extraction_state == ExtractionState.NO_TEXT
    assert "OCR ist nicht installiert" in file.extraction_error
    assert "tesseract-ocr" in file.extraction_error
    assert file.ocr_confidence is None


def test_ocr_is_not_needed_for_a_text_pdf():
    result = pdf_text(document_pdf(SEED.read_text(encoding="utf-8")))
    assert pages_to_read(list(result.looks)) == []


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_poppler_extractor_sends_a_scan_to_ocr():
    scan = scanned_pdf(document_pdf(SEED.read_text(encoding="utf-8")))
    assert pages_to_read(list(pdf_text(scan, extractor="pdftotext").looks)) == [0]


@pytest.mark.django_db
def test_ingest_reports_a_scan_read_by_ocr(tmp_path):
    import io

    from django.core.management import call_command

    from ingest.ingestion import outcome_for
    from motions.models import File

    if ocr_unavailable_reason():
        pytest.skip(f"Tesseract with its German model is not installed (missing: {ocr_unavailable_reason()})")
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf(document_pdf(SEED.read_text(encoding="utf-8"))))
    out = io.StringIO()
    call_command("ingest_pdfs", str(tmp_path), "--body", "Stadt Aschersleben", stdout=out)
    assert "1 Dateien: 1 gelesen" in out.getvalue()
    file = File.objects.get()
    entry = outcome_for(file, path="scan.pdf").as_json()
    assert entry["state"] == "ocr"
    assert entry["paper"]["type"] == "aenderungsantrag"
