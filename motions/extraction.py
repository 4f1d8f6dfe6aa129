"""Text extraction of stored files: the file's state is the outcome, never an exception.

``file_extract`` is what the Celery task ``motions.tasks.extract_file_text`` and the bulk ingest
call. It is idempotent (the pages of a file are replaced, not added) and records every outcome as
the file's ``extraction_state``: done with n pages, no text layer (a scan), or failed with the
reason in German. Scans get a text layer first where ``ocrmypdf`` is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motions.models import ExtractionState, File, FilePage, Paper
from motions.pdf_text import ExtractionFailed, PdfText, pdf_text


def extraction_settings() -> dict:
    return {
        "extractor": getattr(settings, "RIS_PDF_EXTRACTOR", "pdfminer"),
        "max_pages": getattr(settings, "RIS_PDF_MAX_PAGES", 3000),
        "time_limit": getattr(settings, "RIS_PDF_TIME_LIMIT", 240),
    }


def ocr_available() -> bool:
    return bool(getattr(settings, "RIS_PDF_OCR", True)) and shutil.which("ocrmypdf") is not None


def pdf_ocr(data: bytes, *, time_limit: float) -> bytes | None:
    """The PDF with a text layer added by ocrmypdf (German), or None when that did not work."""
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        source.write_bytes(data)
        try:
            done = subprocess.run(  # noqa: S603 - fixed executable
                [shutil.which("ocrmypdf"), "-q", "-l", "deu", "--skip-text", str(source), str(target)],
                capture_output=True,
                timeout=time_limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None
        return target.read_bytes() if done.returncode == 0 and target.exists() else None


def pdf_text_or_failure(data: bytes) -> tuple[PdfText | None, str]:
    """Extract with OCR as the fallback for scans; returns (text, reason-if-none)."""
    options = extraction_settings()
    try:
        result = pdf_text(data, **options)
    except ExtractionFailed as exc:
        return None, str(exc)
    if result.has_text:
        return result, ""
    if not ocr_available():
        return result, _("Die Datei hat keine Textebene (ein Scan); OCR (ocrmypdf) ist nicht installiert.")
    scanned = pdf_ocr(data, time_limit=options["time_limit"])
    if scanned is None:
        return result, _("Die Datei hat keine Textebene (ein Scan); die OCR ist fehlgeschlagen.")
    try:
        return pdf_text(scanned, **options), ""
    except ExtractionFailed as exc:
        return result, str(exc)


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
            FilePage.objects.bulk_create(
                FilePage(file=file, number=i, text=text) for i, text in enumerate(pages, start=1)
            )
        now = timezone.now()
        File.objects.filter(pk=file.pk).update(
            text="\n\f".join(pages),
            page_count=len(pages) if result is not None else None,
            extraction_state=state,
            extraction_error=reason,
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
    result, reason = pdf_text_or_failure(data)
    return file_pages_store(file=file, result=result, reason=reason)


def file_extraction_queue(*, file: File) -> None:
    """Mark the file as waiting and extract it in the background once the transaction commits."""
    from motions.extraction_sweep import extraction_send

    File.objects.filter(pk=file.pk).update(
        extraction_state=ExtractionState.WAITING, extraction_error="", modified=timezone.now()
    )
    file.extraction_state, file.extraction_error = ExtractionState.WAITING, ""
    transaction.on_commit(lambda: extraction_send([file.pk]))  # best-effort: the sweep covers an outage
