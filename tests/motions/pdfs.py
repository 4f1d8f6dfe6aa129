"""Real PDFs for the tests, generated with reportlab: text, columns, tables, scans, broken files."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def lines_pdf(pages: list[list[str]], *, encrypt=None) -> bytes:
    """Each page's lines drawn top-down at the left margin, exactly as given (line breaks kept)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=encrypt)
    for lines in pages:
        c.setFont("Helvetica", 11)
        y = 800
        for line in lines:
            c.drawString(70, y, line)
            y -= 15
        c.showPage()
    c.save()
    return buffer.getvalue()


def columns_pdf(title: str, left: list[str], right: list[str]) -> bytes:
    """A page with a full-width heading and two columns below it."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 800, title)
    c.setFont("Helvetica", 10)
    for x, lines in ((60, left), (320, right)):
        y = 770
        for line in lines:
            c.drawString(x, y, line)
            y -= 13
    c.showPage()
    c.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A "scan": one page with only a drawn picture on it, no text layer."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setFillColor(colors.lightgrey)
    c.rect(60, 400, 400, 300, fill=1)
    c.setFillColor(colors.black)
    for i in range(20):
        c.line(80, 420 + i * 12, 420, 420 + i * 12)
    c.showPage()
    c.save()
    return buffer.getvalue()


_TABLE_ROW = re.compile(r"\t")


def document_pdf(text: str) -> bytes:
    """A seed document as an office program would print it: paragraphs, and tab-separated rows as a ruled table."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, invariant=True)
    story = []
    rows: list[list[str]] = []

    def flush_rows():
        if rows:
            width = max(len(r) for r in rows)
            table = Table([r + [""] * (width - len(r)) for r in rows], hAlign="LEFT")
            table.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTSIZE", (0, 0), (-1, -1), 9)])
            )
            story.append(table)
            story.append(Spacer(1, 0.3 * cm))
            rows.clear()

    for block in re.split(r"\n\s*\n", text.replace("**", "").replace("*", "").strip()):
        lines = block.split("\n")
        if len(lines) > 1 and all(_TABLE_ROW.search(line) for line in lines):
            rows.extend([cell.strip() for cell in line.split("\t")] for line in lines)
            flush_rows()
            continue
        for line in lines:
            if line.count("\t") >= 1:
                rows.append([cell.strip() for cell in line.split("\t")])
                continue
            flush_rows()
            if line.strip():
                story.append(Paragraph(escape(line.replace("\u00a0", " ").strip()), styles["BodyText"]))
        flush_rows()
        story.append(Spacer(1, 0.2 * cm))
    doc.build(story)
    return buffer.getvalue()


def truncated_pdf() -> bytes:
    whole = lines_pdf([["Ein Satz, der nie ganz ankommt."] * 30] * 3)
    return whole[: len(whole) // 3]


HTML_NAMED_PDF = b"<!DOCTYPE html><html><body>Not found</body></html>"
RANDOM_BYTES = bytes(range(256)) * 8


def glyph_names_pdf(lines: list[bytes]) -> bytes:
    """A page in Helvetica whose encoding names two glyphs by names outside Adobe's glyph list:
    code 1 is "f_f.liga" (a ligature a reader can name), code 2 is "g431" (nobody can name it).
    Written by hand because reportlab always writes a complete ToUnicode table."""
    content = b"BT /F1 12 Tf 72 760 Td 14 TL " + b" ".join(b"(" + line + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding"
        b" /BaseEncoding /WinAnsiEncoding /Differences [1 /f_f.liga 2 /g431] >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def spaced_pdf(lines: list[tuple[str, float]]) -> bytes:
    """Lines drawn with extra character spacing (``Tc``), as letter-spaced headings are printed."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = 800
    for line, spacing in lines:
        text = c.beginText(70, y)
        text.setFont("Helvetica", 11)
        text.setCharSpace(spacing)
        text.textLine(line)
        c.drawText(text)
        y -= 18
    c.showPage()
    c.save()
    return buffer.getvalue()


def scanned_pdf(data: bytes, *, dpi: int = 200) -> bytes:
    """The PDF as a scanner gives it back: every page rendered to a grey image, no text layer left."""
    import pypdfium2

    images = []
    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
    finally:
        document.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()
