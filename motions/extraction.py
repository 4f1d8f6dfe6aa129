"""Text extraction of stored files: the file's state is the outcome, never an exception.

``file_extract`` is what the Celery task ``motions.tasks.extract_file_text`` and the bulk ingest
call. It is idempotent (the pages of a file are replaced, not added) and records every outcome as
the file's ``extraction_state``: done with n pages, no text layer (a scan), or failed with the
reason in German. Scanned and nearly empty pages are read by Tesseract (``motions.pdf_ocr``)
where it is installed; such a file's state is "Texterkennung (OCR)" with the OCR's confidence.
"""

from __future__ import annotations

import time
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motions.models import ExtractionState, File, FilePage, Paper
from motions.pdf_ocr import ocr_pages, ocr_unavailable_reason, pages_to_read
from motions.pdf_sandbox import pdf_text_isolated
from motions.pdf_text import HEAD_PAGES, ExtractionFailed, PdfText, page_text_clean, pdf_text, text_vocabulary


def extraction_settings() -> dict:
    return {
        "extractor": getattr(settings, "RIS_PDF_EXTRACTOR", "pdfminer"),
        "max_pages": getattr(settings, "RIS_PDF_MAX_PAGES", 3000),
        "time_limit": getattr(settings, "RIS_PDF_TIME_LIMIT", 240),
    }


def ocr_available() -> bool:
    return bool(getattr(settings, "RIS_PDF_OCR", True)) and not ocr_unavailable_reason()


def _no_text_reason() -> str:
    if not getattr(settings, "RIS_PDF_OCR", True):
        return _("Die Datei hat keine Textebene (ein Scan); die Texterkennung (OCR) ist abgeschaltet.")
    return _(
        "Die Datei hat keine Textebene (ein Scan); OCR ist nicht installiert (Debian-Paket %(package)s fehlt)."
    ) % {"package": "tesseract-ocr-deu" if ocr_unavailable_reason() == "tesseract-ocr-deu" else "tesseract-ocr"}


def text_with_ocr(result: PdfText, data: bytes, *, time_limit: float) -> tuple[PdfText, str]:
    """The text with the nearly empty pages read by OCR; returns (text, reason for what is missing)."""
    wanted = pages_to_read(list(result.looks)) if result.looks else []
    if not wanted:
        return result, ""
    if not ocr_available():
        return result, "" if result.has_text else _no_text_reason()
    read, in_time = ocr_pages(data, wanted, time_limit=time_limit)
    pages = list(result.pages)
    used: dict[int, float] = {}
    vocabulary = text_vocabulary("\n".join(page.text for page in read.values()))
    for index, page in read.items():
        # OCR replaces a text layer only where it reads clearly more (a map's 13 words stay,
        # when OCR finds nothing else on the map).
        if page.words > len(pages[index].split()) + 3:
            pages[index] = page_text_clean(page.text, vocabulary=vocabulary)
            used[index] = page.confidence
    reason = ""
    if not in_time:
        reason = _("Die Texterkennung (OCR) hat das Zeitlimit erreicht; nicht alle Seiten wurden gelesen.")
    if not used:
        if not result.has_text:
            reason = reason or _("Die Datei hat keine Textebene (ein Scan); die OCR hat keinen Text gefunden.")
        return result, reason
    head = result.head_rows if not any(i < HEAD_PAGES for i in used) else "\n".join(pages[:HEAD_PAGES])
    confidence = round(sum(used.values()) / len(used), 3)
    return replace(
        result,
        pages=pages,
        head_rows=head,
        head_has_rules=result.head_has_rules and not any(i < HEAD_PAGES for i in used),
        ocr_pages=tuple(sorted(used)),
        ocr_confidence=confidence,
    ), reason


def pdf_text_or_failure(data: bytes, *, isolated: bool = False) -> tuple[PdfText | None, str]:
    """Extract, with OCR for scanned and nearly empty pages; returns (text, reason-if-something-is-missing).

    ``isolated`` reads the PDF in a child process under memory and time limits
    (motions/pdf_sandbox.py); the ingest workers are such processes already."""
    options = extraction_settings()
    read = pdf_text_isolated if isolated else pdf_text
    started = time.monotonic()
    try:
        result = read(data, **options)
    except ExtractionFailed as exc:
        return None, str(exc)
    left = options["time_limit"] - (time.monotonic() - started)
    try:
        return text_with_ocr(result, data, time_limit=left)
    except Exception as exc:  # pdfium or Tesseract on a page they cannot handle: keep the text layer
        return result, _("Die Texterkennung (OCR) ist fehlgeschlagen (%(detail)s).") % {"detail": type(exc).__name__}


def _read(file: File) -> bytes:
    with file.file.open("rb") as fh:
        return fh.read()


def file_pages_store(*, file: File, result: PdfText | None, reason: str) -> File:
    """Record an extraction outcome on the file: pages replaced, state and reason set."""
    with transaction.atomic():
        FilePage.objects.filter(file=file).delete()
        if result is None:
            state, pages = ExtractionState.FAILED, []
        else:
            pages = result.pages
            state = ExtractionState.DONE if result.has_text else ExtractionState.NO_TEXT
            if result.ocr_pages and result.has_text:
                state = ExtractionState.OCR
            FilePage.objects.bulk_create(
                FilePage(file=file, number=i, text=text) for i, text in enumerate(pages, start=1)
            )
        now = timezone.now()
        File.objects.filter(pk=file.pk).update(
            text="\n\f".join(pages),
            page_count=len(pages) if result is not None else None,
            extraction_state=state,
            extraction_error=reason,
            ocr_confidence=result.ocr_confidence if result is not None else None,
            extracted_at=now,
            modified=now,
        )
        _owners_touch(file=file, when=now)
    file.refresh_from_db()
    return file


def _owners_touch(*, file: File, when) -> None:
    """A file is embedded in its paper or meeting (OParl): new text moves their ``modified`` too,
    so clients syncing with ``modified_since`` fetch it. ``update()`` sends no signals, hence here."""
    from sessions.models import AgendaItem, Meeting

    if file.paper_id:
        Paper.objects.filter(pk=file.paper_id).update(modified=when)
    meetings = Q(pk=file.meeting_id) if file.meeting_id else Q(pk__in=[])
    if file.agenda_item_id:
        AgendaItem.objects.filter(pk=file.agenda_item_id).update(modified=when)
        meetings |= Q(agenda_items=file.agenda_item_id)
    Meeting.objects.filter(meetings).update(modified=when)


def file_extract(*, file: File) -> File:
    """Extract the file's text, store it per page and record the outcome as the file's state."""
    # ``modified`` dates the state: the sweep (motions/extraction_sweep.py) finds files a dead worker left running.
    File.objects.filter(pk=file.pk).update(
        extraction_state=ExtractionState.RUNNING, extraction_error="", modified=timezone.now()
    )
    try:
        data = _read(file)
    except OSError as exc:
        return file_pages_store(
            file=file, result=None, reason=_("Die gespeicherte Datei fehlt (%(detail)s).") % {"detail": exc}
        )
    result, reason = pdf_text_or_failure(data, isolated=True)
    return file_pages_store(file=file, result=result, reason=reason)


def file_extraction_queue(*, file: File) -> None:
    """Mark the file as waiting and extract it in the background once the transaction commits."""
    from motions.extraction_sweep import extraction_send

    File.objects.filter(pk=file.pk).update(
        extraction_state=ExtractionState.WAITING, extraction_error="", modified=timezone.now()
    )
    file.extraction_state, file.extraction_error = ExtractionState.WAITING, ""
    transaction.on_commit(lambda: extraction_send([file.pk]))  # best-effort: the sweep covers an outage
