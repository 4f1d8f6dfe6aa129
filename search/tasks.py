"""Background indexing: thin, idempotent tasks keyed by kind and primary key (STYLE.md rule 4)."""

from celery import shared_task

from search import indexing


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def index_object(kind: str, pk: int, cascade: bool = True) -> int:
    """Re-index one record and, with ``cascade``, the records that show its data."""
    written = indexing.index_object(kind, pk)
    if cascade:
        for dep_kind, dep_pk in indexing.dependants(kind, pk):
            written += indexing.index_object(dep_kind, dep_pk)
    from django.conf import settings

    if settings.ELASTICSEARCH_URL:
        from search.backends import elastic

        elastic.sync_object(kind, pk, cascade=cascade)
    return written


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def index_objects(targets: list[list]) -> int:
    """Re-index many records, given as ``[kind, pk]`` pairs, with their dependants: each once."""
    from search.outbox_handlers import index_targets

    return index_targets((kind, pk) for kind, pk in targets)
