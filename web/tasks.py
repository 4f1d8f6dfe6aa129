"""Background tasks of the public site: thin, idempotent, keyed by primary key (STYLE.md rule 4)."""

from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def build_meeting_zip(meeting_id: int, file_ids: list[int], digest: str, public_ids: list[int] = ()) -> str | None:
    """Build one version of a meeting's documents ZIP (web/meeting_zip.py); a second run finds it built."""
    from web.meeting_zip import archive_build

    path = archive_build(meeting_id=meeting_id, file_ids=file_ids, digest=digest, public_ids=public_ids)
    return str(path) if path else None


@shared_task
def prune_meeting_zips() -> dict[str, int]:
    """Daily (beat): remove meeting ZIP and Sitzungsmappe versions nobody fetched for a while
    (web/meeting_zip.py, web/meeting_binder.py); the counts of both together."""
    from web import meeting_binder
    from web.meeting_zip import prune

    zips = prune()
    binders = prune(folder_name=meeting_binder.FOLDER, suffix=".pdf")
    return {kind: zips[kind] + binders[kind] for kind in zips}


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def build_meeting_binder(
    meeting_id: int, item_ids: list[int], file_ids: list[int], digest: str, public_ids: list[int] = ()
) -> str | None:
    """Build one version of a meeting's Sitzungsmappe (web/meeting_binder.py); a second run finds it built."""
    from web.meeting_binder import binder_build

    path = binder_build(
        meeting_id=meeting_id, item_ids=item_ids, file_ids=file_ids, digest=digest, public_ids=public_ids
    )
    return str(path) if path else None
