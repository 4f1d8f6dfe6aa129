"""The public version of a PDF: redacted words are gone from the page content, the rest stays."""

import io

import pikepdf
import pypdfium2
import pytest
from pdfminer.high_level import extract_text
from PIL import Image

from privacy.pdf_redact import Box, RedactionError, page_words, redact
from ris.pdf_render import render_text_pdf

LETTER = """Antragsteller: Thomas Kowalczyk
Zwetschgenweg 12, 06449 Aschersleben
Telefon: 03473 812345

hiermit beantrage ich die Genehmigung eines offenen Carports an der Grundstücksgrenze zum
Nachbarn Herrn Klaus Wendt. Die Zustimmung des Nachbarn liegt bei."""


def _pdfium_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _boxes(pdf: bytes, page: int, wanted: set[str]) -> list[Box]:
    return [w.box for w in page_words(pdf, page) if w.text in wanted]


def test_redacted_words_are_removed_from_the_text_layer_and_the_rest_stays():
    pdf = render_text_pdf(title="Bauantrag", text=LETTER)
    public, rasterised = redact(pdf, {1: _boxes(pdf, 1, {"Kowalczyk", "Zwetschgenweg", "812345"})})
    assert rasterised == []
    for text in (extract_text(io.BytesIO(public)), _pdfium_text(public)):
        for gone in ("Kowalczyk", "Zwetschgenweg", "812345"):
            assert gone not in text
        for kept in ("Thomas", "Aschersleben", "03473", "Grundstücksgrenze", "Wendt"):
            assert kept in text
    # The glyph codes are gone from the content stream too, not only from what extractors read.
    with pikepdf.open(io.BytesIO(public)) as opened:
        assert b"Kowalczyk" not in opened.pages[0].Contents.read_bytes()


def test_text_after_a_redaction_keeps_its_place():
    pdf = render_text_pdf(title="Bauantrag", text=LETTER)
    before = {w.text: w.box for w in page_words(pdf, 1)}
    public, _ = redact(pdf, {1: [before["Wendt."]]})
    after = {w.text: w.box for w in page_words(public, 1)}
    assert "Wendt." not in after
    assert after["Zustimmung"].x0 == pytest.approx(before["Zustimmung"].x0, abs=0.05)
    assert after["Carports"].x0 == pytest.approx(before["Carports"].x0, abs=0.05)


def test_the_box_is_painted_black():
    pdf = render_text_pdf(title="Bauantrag", text=LETTER)
    box = _boxes(pdf, 1, {"Kowalczyk"})[0]
    public, _ = redact(pdf, {1: [box]})
    document = pypdfium2.PdfDocument(public)
    image = document[0].render(scale=1).to_pil().convert("L")
    height = document[0].get_height()
    document.close()
    middle = (int((box.x0 + box.x1) / 2), int(height - (box.y0 + box.y1) / 2))
    assert image.getpixel(middle) < 30


def test_pages_without_redactions_are_copied_unchanged():
    pdf = render_text_pdf(title="Lang", text="\n\n".join([LETTER] * 12))
    with pikepdf.open(io.BytesIO(pdf)) as original:
        pages = len(original.pages)
        second = original.pages[1].Contents.read_bytes()
    assert pages >= 2
    public, _ = redact(pdf, {1: _boxes(pdf, 1, {"Kowalczyk"})})
    with pikepdf.open(io.BytesIO(public)) as opened:
        assert opened.pages[1].Contents.read_bytes() == second
    assert "Kowalczyk" in extract_text(io.BytesIO(public), page_numbers=[1])


def _scan() -> bytes:
    """A scan-like PDF: one page that is an image, no text layer."""
    image = Image.new("RGB", (595, 842), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=72)
    return buffer.getvalue()


def test_a_page_without_text_layer_becomes_an_image_with_the_box_painted_in():
    scan = _scan()
    box = Box(100, 700, 300, 740)
    public, rasterised = redact(scan, {1: [box]})
    assert rasterised == [1]
    document = pypdfium2.PdfDocument(public)
    image = document[0].render(scale=1).to_pil().convert("L")
    document.close()
    assert image.getpixel((200, 842 - 720)) < 30
    assert image.getpixel((450, 842 - 720)) > 220


def test_broken_pdf_is_a_clear_error():
    with pytest.raises(RedactionError):
        redact(b"%PDF-1.4 kaputt", {1: [Box(0, 0, 10, 10)]})
    with pytest.raises(RedactionError):
        redact(render_text_pdf(title="x", text="y"), {5: [Box(0, 0, 10, 10)]})
