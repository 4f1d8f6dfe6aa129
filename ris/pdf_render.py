"""Render plain council text as a simple, deterministic PDF (reportlab).

Used by the demo (each seed document becomes a real PDF with a text layer) and wherever a
document is generated from records. ``invariant=True`` makes the bytes depend on the content
only, so the same text always has the same checksum and re-running the demo duplicates nothing.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

# Helvetica in reportlab uses WinAnsi (cp1252): „“–€ and all German letters are covered.
_UNSUPPORTED = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\xa0-\xff„“”‚‘’–—…•€«»]")


def document(buffer, *, title: str, author: str = "") -> SimpleDocTemplate:
    """The page every generated PDF uses: A4, a filing margin on the left, deterministic bytes."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title,
        author=author,
        invariant=True,
    )


def clean_text(text: str) -> str:
    """The text with what the PDF's standard font cannot show replaced by spaces."""
    return _UNSUPPORTED.sub(" ", text)


def render_text_pdf(*, title: str, text: str, author: str = "", before=(), after=()) -> bytes:
    """Title and paragraphs (blank-line separated); ``before``/``after`` are extra flowables
    (a letterhead, a signature block)."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = document(buffer, title=title, author=author)
    story = [*before, Paragraph(escape(title), styles["Title"])]
    for block in re.split(r"\n\s*\n", text.strip()):
        block = _UNSUPPORTED.sub(" ", block).strip()
        if not block:
            continue
        story.append(Paragraph(escape(block).replace("\n", "<br/>").replace("\t", " "), styles["BodyText"]))
        story.append(Spacer(1, 0.2 * cm))
    story += list(after)
    doc.build(story)
    return buffer.getvalue()
