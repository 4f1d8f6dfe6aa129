"""The drain as a Celery task: asked for after each commit that wrote messages, and run by beat
as the sweep that catches whatever a broker outage or a dead worker left behind."""

from celery import shared_task

from outbox.services import outbox_drain


@shared_task(acks_late=True, ignore_result=True)
def drain() -> int:
    """Work off every due message. Idempotent: messages are taken under row locks and deleted
    with the work they describe, so a second drain at the same time finds other rows or none."""
    return outbox_drain().done
