"""Files whose extraction task was lost: the worker running it died (``kill -9``, out of memory)
or the task never reached the broker. Late acknowledgement brings most such tasks back by
itself (``CELERY_BROKER_TRANSPORT_OPTIONS`` visibility timeout); this sweep covers the rest, so
no file stays "läuft" or "wartet" for good. Run by Celery beat (``extraction-sweep``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motions.models import ExtractionState, File

log = logging.getLogger(__name__)


def extraction_requeue_stale(*, now: datetime | None = None) -> list[int]:
    """Queue again every file that has been running or waiting longer than
    ``RIS_EXTRACTION_STALE_SECONDS``. Returns: the ids queued. Extraction is idempotent, so a
    task that was only slow, not lost, does no harm when it finishes after all."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.RIS_EXTRACTION_STALE_SECONDS)
    with transaction.atomic():
        stale = File.objects.select_for_update(skip_locked=True).filter(
            extraction_state__in=[ExtractionState.RUNNING, ExtractionState.WAITING],
            modified__lt=stale_before,
            deleted=False,
        )
        ids = list(stale.values_list("pk", flat=True))
        if not ids:
            return []
        File.objects.filter(pk__in=ids).update(extraction_state=ExtractionState.WAITING, modified=now)
        transaction.on_commit(lambda: extraction_send(ids))
    log.warning("re-queued %d file extraction(s) left running or waiting: %s", len(ids), ids)
    return ids


def extraction_send(ids: list[int]) -> None:
    """Hand extractions to the worker, best-effort: while the broker is down the files stay
    "wartet" and this sweep queues them again later (the upload itself must not fail)."""
    from motions.tasks import extract_file_text

    for pk in ids:
        try:
            extract_file_text.apply_async((pk,), retry=False)
        except Exception as exc:  # the broker is away: the next sweep tries again
            log.warning("could not queue extraction of file %s: %s", pk, exc)
