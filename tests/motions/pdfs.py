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
