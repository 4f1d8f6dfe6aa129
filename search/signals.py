"""Keep the index in step with every save, publish and delete, in the background.

Handlers write an outbox message (``search.outbox_handlers``) in the save's transaction; the
worker drains it after the commit (so it reads what was committed, a rolled-back save indexes
nothing, and a broker outage only delays the update: ``outbox.services``). Publishing a Paper or Meeting
in Wagtail saves it, so publish and unpublish arrive here too. Text extraction writes pages with
bulk updates that send no model signals; the domain signal ``motions.signals.file_text_extracted``
covers it.

The access flag of the documents (``search.services``) is not left to the task: saves and
deletes refresh it at once, in the same transaction, so a record that stops being public stops
counting for anonymous searches before the commit that hides it; so does the domain signal
``motions.signals.record_access_changed``, sent by the services that change visibility with ``update()``.

Bulk writers (``ingest_pdfs``) save the same paper several times per file (paper, consultations,
revision, publish): inside ``deferred()`` the signals only collect what changed, and the writer
hands the collection to ``enqueue_many`` once per batch, so that each record is indexed once.
"""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from motions import signals as domain_signals
from motions.models import Consultation, File, Paper
from search.models import Kind
from sessions.models import AgendaItem, Meeting, Membership, Organization, Person

log = logging.getLogger(__name__)

_deferred: ContextVar[set[tuple[str, int]] | None] = ContextVar("search_deferred", default=None)

MODEL_KINDS = {
    Paper: Kind.PAPER,
    Meeting: Kind.MEETING,
    AgendaItem: Kind.AGENDA_ITEM,
    File: Kind.FILE,
    Person: Kind.PERSON,
    Organization: Kind.ORGANIZATION,
}


@contextmanager
def deferred() -> Iterator[set[tuple[str, int]]]:
    """Collect the records the signals inside would index, instead of indexing each at once.

    The caller passes the collection (it may add to it) to ``enqueue_many`` after its writes.
    """
    pending: set[tuple[str, int]] = set()
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)


def enqueue_many(targets: Iterable[tuple[str, int]]) -> None:
    """Index these records (and their dependants) once the transaction commits: one outbox message."""
    pairs = sorted({(str(kind), pk) for kind, pk in targets if pk is not None})
    if pairs:
        _write(pairs)


def enqueue(kind: str, pk: int | None) -> None:
    if pk is None:
        return
    pending = _deferred.get()
    if pending is not None:
        pending.add((str(kind), pk))
        return
    _write([(str(kind), pk)])


def _write(pairs: list[tuple[str, int]]) -> None:
    """Into the outbox, in the caller's transaction: a broker outage delays the update, never drops it."""
    from outbox.services import message_enqueue
    from search.outbox_handlers import TOPIC

    message_enqueue(topic=TOPIC, payload={"targets": [list(pair) for pair in pairs]})


# The fields the anonymous branch of ris.access reads (paper, meeting, agenda item, file).
ACCESS_FIELDS = frozenset({"public", "live", "deleted", "paper", "meeting", "agenda_item"})


def _access_may_change(created: bool, update_fields) -> bool:
    """A new record has no documents yet (the task writes them with their flag), and a save of
    named fields none of which ris.access reads for anonymous users changes no flag; importers
    save thousands of records, so these skip the refresh queries."""
    if created:
        return False
    return update_fields is None or bool({f.removesuffix("_id") for f in update_fields} & ACCESS_FIELDS)


def _record_changed(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw:
        return
    from search.services import affected, index_access_refresh

    kind = MODEL_KINDS[sender]
    # A delete has already nulled the dependants' keys (SET_NULL): use what pre_delete saw.
    deleting = getattr(instance, "_search_affected", None)
    if deleting is not None:
        index_access_refresh(records=deleting)
    elif _access_may_change(created, update_fields):
        index_access_refresh(records=affected(kind, instance.pk))
    enqueue(kind, instance.pk)


def _record_deleting(sender, instance, **kwargs):
    from search.services import affected

    instance._search_affected = affected(MODEL_KINDS[sender], instance.pk)


def _consultation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue(Kind.PAPER, instance.paper_id)


def _membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue(Kind.PERSON, instance.person_id)


def _originators_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Paper):
        enqueue(Kind.PAPER, instance.pk)


def _extraction_done(sender, file_id=None, **kwargs):
    enqueue(Kind.FILE, file_id)


def _access_changed(sender, instance, **kwargs):
    """A service changed who sees ``instance`` with ``update()``: the same work as a save, now."""
    from search.services import record_access_changed

    record_access_changed(obj=instance)


def connect() -> None:
    for model in MODEL_KINDS:
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        pre_delete.connect(_record_deleting, sender=model, dispatch_uid=f"search-deleting-{model.__name__}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    for model, handler in ((Consultation, _consultation_changed), (Membership, _membership_changed)):
        post_save.connect(handler, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    for through in (Paper.originator_persons.through, Paper.originator_organizations.through):
        m2m_changed.connect(_originators_changed, sender=through, dispatch_uid=f"search-m2m-{through.__name__}")
    domain_signals.file_text_extracted.connect(_extraction_done, dispatch_uid="search-extracted")
    domain_signals.record_access_changed.connect(_access_changed, dispatch_uid="search-access-changed")


def records_created(model, instances) -> None:
    """What ``post_save`` would queue for these new records, for bulk writers (``bulk_create``
    sends no signals): one outbox message for the whole batch (or, inside ``deferred()``, the
    pairs added to the collection). A new record has no documents yet, so no access flag needs
    refreshing."""
    kind = MODEL_KINDS.get(model)
    if kind is not None:
        pairs = {(str(kind), instance.pk) for instance in instances}
    elif model is Consultation:
        pairs = {(str(Kind.PAPER), instance.paper_id) for instance in instances}
    elif model is Membership:
        pairs = {(str(Kind.PERSON), instance.person_id) for instance in instances}
    else:
        return
    pending = _deferred.get()
    if pending is not None:
        pending.update((k, pk) for k, pk in pairs if pk is not None)
    else:
        enqueue_many(pairs)
