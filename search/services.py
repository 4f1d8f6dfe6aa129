"""Keeping the index's access flag (``SearchDocument.public``) true to ``ris.access``.

The flag says whether an anonymous user may see a document's record; searches by users who see
only what the public sees filter on it instead of joining to the access querysets. It is
computed by ``visible_to(AnonymousUser())`` of the record's model and nowhere else, when a
document is written (``search.indexing``) and again, in the same transaction, whenever a
record's visibility may change: every save and delete (``search.signals``) and the services
that change visibility with ``update()`` (soft delete, moving an agenda item into the
non-public part, attaching a file to another paper). A record's change also refreshes the
records whose visibility follows it: a paper's files, a meeting's agenda items and files, an
agenda item's files.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from motions.models import File, Paper
from search.models import Kind, SearchDocument
from sessions.models import AgendaItem, Meeting, Organization, Person

MODELS = {
    Kind.PAPER: Paper,
    Kind.FILE: File,
    Kind.MEETING: Meeting,
    Kind.AGENDA_ITEM: AgendaItem,
    Kind.PERSON: Person,
    Kind.ORGANIZATION: Organization,
}


def public_ids(kind: str, ids: Iterable[int] | None = None) -> set[int]:
    """The records of ``kind`` (among ``ids``; all when None) an anonymous user may see."""
    model = MODELS[kind]
    if kind in (Kind.PERSON, Kind.ORGANIZATION):
        records = model.objects.alive()
    else:
        records = model.objects.visible_to(AnonymousUser())
    if ids is not None:
        records = records.filter(pk__in=list(ids))
    return set(records.values_list("pk", flat=True))


def affected(kind: str, pk: int) -> dict[str, set[int]]:
    """The record and those whose visibility follows it, by kind."""
    found: dict[str, set[int]] = {kind: {pk}}
    if kind == Kind.PAPER:
        found[Kind.FILE] = set(File.objects.filter(paper_id=pk).values_list("pk", flat=True))
    elif kind == Kind.MEETING:
        found[Kind.AGENDA_ITEM] = set(AgendaItem.objects.filter(meeting_id=pk).values_list("pk", flat=True))
        files = File.objects.filter(Q(meeting_id=pk) | Q(agenda_item__meeting_id=pk))
        found[Kind.FILE] = set(files.values_list("pk", flat=True))
    elif kind == Kind.AGENDA_ITEM:
        found[Kind.FILE] = set(File.objects.filter(agenda_item_id=pk).values_list("pk", flat=True))
    return found


def index_access_refresh(*, records: dict[str, set[int]]) -> None:
    """Set the access flag of the documents of ``records`` ({kind: ids}) from ``ris.access``."""
    for kind, ids in records.items():
        if kind not in MODELS or not ids:
            continue
        docs = SearchDocument.objects.filter(kind=kind, object_id__in=list(ids))
        visible = public_ids(kind, ids)
        docs.filter(object_id__in=list(visible)).exclude(public=True).update(public=True)
        docs.exclude(object_id__in=list(visible)).exclude(public=False).update(public=False)


def record_access_changed(*, obj) -> None:
    """After a write that may change who sees ``obj``: refresh the flags now, re-index after commit."""
    from search.signals import MODEL_KINDS, enqueue

    kind = MODEL_KINDS.get(type(obj))
    if kind is None or obj.pk is None:
        return
    index_access_refresh(records=affected(kind, obj.pk))
    enqueue(kind, obj.pk)
