"""Background tasks: thin, idempotent, keyed by primary key (STYLE.md rule 4)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from motions.models import ExtractionState, File
from motions.signals import file_text_extracted

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def extract_file_text(file_id: int) -> str | None:
    """Extract one file's text; a broken file ends as a recorded state, never as a crashed task.

    Whatever the outcome, ``file_text_extracted`` tells the listeners (the search index) afterwards."""
    try:
        return _extract_file_text(file_id)
    finally:
        file_text_extracted.send(sender=File, file_id=file_id)


def _extract_file_text(file_id: int) -> str | None:
    from motions.extraction import file_extract

    file = File.objects.filter(pk=file_id).first()
    if file is None:
        return None
    try:
        return file_extract(file=file).extraction_state
    except SoftTimeLimitExceeded:
        reason = _("Die Texterkennung hat das Zeitlimit der Hintergrundaufgabe überschritten.")
    except Exception as exc:  # the last line of defence: record, do not crash the worker
        logger.exception("extraction of file %s failed", file_id)
        reason = _("Die Texterkennung ist mit einem internen Fehler abgebrochen (%(detail)s).") % {
            "detail": type(exc).__name__
        }
    File.objects.filter(pk=file_id).update(extraction_state=ExtractionState.FAILED, extraction_error=reason)
    return ExtractionState.FAILED


@shared_task(acks_late=True, ignore_result=True)
def requeue_stale_extractions() -> int:
    """Celery beat: queue again the files a dead worker left "läuft" (``motions.extraction_sweep``)."""
    from motions.extraction_sweep import extraction_requeue_stale

    return len(extraction_requeue_stale())
