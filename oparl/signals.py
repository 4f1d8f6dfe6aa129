"""Keep a parent's ``modified`` in step with its embedded objects (spec 1.1 ch. 2.5, "Aktualisierung").

OParl clients sync with ``modified_since`` on the lists of the parents (Meeting, Paper, Person,
Body); an agenda item, consultation, membership, term, file or vote that changes inside them
must therefore move the parent's ``modified`` too, or the change is never fetched. This is
written with ``update()`` so that it neither runs the parents' own save logic nor recurses.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from motions.models import Consultation, File, Paper
from sessions.models import AgendaItem, Body, LegislativeTerm, Meeting, Membership, Person, Vote

_suspended: ContextVar[bool] = ContextVar("oparl_touch_suspended", default=False)


@contextmanager
def suspended():
    """For bulk writers (the importer) that move the parents' ``modified`` themselves, once per parent."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _touch(model, pk) -> None:
    if pk is not None:
        model.objects.filter(pk=pk).update(modified=timezone.now())


def _agenda_item_parents(agenda_item_id) -> None:
    if agenda_item_id is None:
        return
    _touch(AgendaItem, agenda_item_id)
    meeting_id = AgendaItem.objects.filter(pk=agenda_item_id).values_list("meeting_id", flat=True).first()
    _touch(Meeting, meeting_id)


def touch_parents(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or _suspended.get():
        return
    if sender is AgendaItem:
        _touch(Meeting, instance.meeting_id)
    elif sender is Consultation:
        _touch(Paper, instance.paper_id)
        # AgendaItem.consultation links it: the item (embedded in its meeting) moves too.
        _agenda_item_parents(instance.agenda_item_id)
    elif sender is Membership:
        _touch(Person, instance.person_id)
    elif sender is LegislativeTerm:
        _touch(Body, instance.body_id)
    elif sender is File:
        _touch(Paper, instance.paper_id)
        _touch(Meeting, instance.meeting_id)
        _agenda_item_parents(instance.agenda_item_id)
    elif sender is Vote:
        _agenda_item_parents(instance.agenda_item_id)


def connect() -> None:
    for model in (AgendaItem, Consultation, Membership, LegislativeTerm, File, Vote):
        post_save.connect(touch_parents, sender=model, dispatch_uid=f"oparl-touch-{model.__name__}")
        post_delete.connect(touch_parents, sender=model, dispatch_uid=f"oparl-touch-del-{model.__name__}")
