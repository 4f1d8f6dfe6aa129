"""Thin Celery tasks of the Sitzungsdienst (STYLE.md rule 4); scheduled in ``CELERY_BEAT_SCHEDULE``."""

from celery import shared_task


@shared_task(soft_time_limit=240, time_limit=300)
def publish_due_invitation_changes() -> dict[str, int]:
    """Every minute (beat): publish the Nachtrag of invited meetings whose changes have stood for
    their body's quiet period (proceedings/invitation_auto.py); idempotent, safe to overlap."""
    from proceedings.invitation_auto import invitation_auto_publish_due

    return invitation_auto_publish_due()
