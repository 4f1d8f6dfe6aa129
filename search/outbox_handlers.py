"""Index updates as outbox work (``outbox``): the signals write ``search.index`` messages in the
save's transaction, and whoever drains the outbox brings the index up to date here.

Many messages drained together are merged, so a record saved ten times in a minute is indexed
once per drain. Writing the index is idempotent (``search.indexing``), so a message that is
worked on again after a crash does no harm.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from outbox.registry import register
from search import indexing

TOPIC = "search.index"


def index_targets(targets: Iterable[tuple[str, int]]) -> int:
    """Re-index these records with their dependants, each once. Returns: documents written."""
    expanded = indexing.with_dependants(targets)
    if transaction.get_connection().in_atomic_block:  # the locks last until the caller's commit
        indexing.lock_targets(expanded)
    written = 0
    for kind, pks in expanded.items():
        written += indexing.index_many(kind, pks)
    if settings.ELASTICSEARCH_URL:
        from search.backends import elastic

        for kind, pks in expanded.items():
            for pk in pks:
                elastic.sync_object(kind, pk, cascade=False)
    return written


@register(TOPIC, batch=True)
def index_messages(payloads: list[dict]) -> int:
    return index_targets((kind, pk) for payload in payloads for kind, pk in payload["targets"])
