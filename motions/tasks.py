"""Background tasks: thin, idempotent, keyed by primary key (STYLE.md rule 4)."""

from celery import shared_task

from motions.models import File


@shared_task(acks_late=True)
def extract_file_text(file_id: int) -> str | None:
    file = File.objects.filter(pk=file_id).first()
    if file is None:
        return None
    from motions.extraction import file_extract

    return file_extract(file=file).extraction_state
