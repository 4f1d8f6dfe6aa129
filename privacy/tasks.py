"""Scheduled retention (Celery beat, ``RIS_RETENTION_HOUR``): idempotent — what a rule has
already deleted or anonymised is no longer found by it."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="privacy.tasks.apply_retention", time_limit=3600, soft_time_limit=3500)
def apply_retention(dry_run: bool = False) -> int:
    from privacy.retention import retention_apply

    return retention_apply(today=timezone.localdate(), dry_run=dry_run).pk
