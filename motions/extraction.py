"""Text extraction of stored files, page by page (pdfminer.six)."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils import timezone

from motions.models import ExtractionState, File, FilePage


def pdf_pages_text(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    pages = []
    for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
        pages.append("".join(el.get_text() for el in layout if isinstance(el, LTTextContainer)).strip())
    return pages


def file_extract(*, file: File) -> File:
    """Extract the file's text, store it per page and record the outcome as the file's state."""
    try:
        with file.file.open("rb") as fh:
            data = fh.read()
        pages = pdf_pages_text(data)
    except Exception as exc:  # any broken input is a recorded state, never a crash
        File.objects.filter(pk=file.pk).update(
            extraction_state=ExtractionState.FAILED, extraction_error=str(exc)[:2000] or type(exc).__name__
        )
        file.refresh_from_db()
        return file
    with transaction.atomic():
        FilePage.objects.filter(file=file).delete()
        FilePage.objects.bulk_create(FilePage(file=file, number=i, text=t) for i, t in enumerate(pages, start=1))
        state = ExtractionState.DONE if any(p.strip() for p in pages) else ExtractionState.NO_TEXT
        File.objects.filter(pk=file.pk).update(
            text="\n\f".join(pages),
            page_count=len(pages),
            extraction_state=state,
            extraction_error="",
            extracted_at=timezone.now(),
        )
    file.refresh_from_db()
    return file
