"""Reads about meetings and agendas shared by the admin views and the document renderers."""

from __future__ import annotations

import logging

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from motions.models import Consultation
from ris import access
from sessions.models import AgendaItem, Meeting, MeetingState, Vote

logger = logging.getLogger("ris.admin_scope")

OPEN_MEETING_STATES = (MeetingState.SCHEDULED, MeetingState.INVITED)


def agenda_proposals(*, meeting: Meeting) -> QuerySet:
    """Consultations the agenda builder proposes: published papers of the meeting's body whose
    next open step of the Beratungsfolge is with the meeting's organization."""
    from motions.models import Consultation

    earlier_open = Consultation.objects.filter(
        paper=OuterRef("paper"), deleted=False, result="", order__lt=OuterRef("order")
    )
    return (
        Consultation.objects.filter(
            organization_id=meeting.organization_id,
            deleted=False,
            result="",
            agenda_item__isnull=True,
            paper__deleted=False,
            paper__live=True,
            paper__body_id=meeting.organization.body_id,
        )
        .exclude(Exists(earlier_open))
        .select_related("paper", "paper__amends")
        .order_by("paper__amends_id", "paper__date", "paper__reference", "pk")
    )


def agenda_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda in order, each item with ``paper`` set (or None) from its consultation."""
    from motions.models import Consultation

    items = list(
        AgendaItem.objects.filter(meeting=meeting, deleted=False)
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=Consultation.objects.filter(deleted=False).select_related("paper"),
                to_attr="linked_consultations",
            ),
            Prefetch("votes", queryset=Vote.objects.filter(deleted=False)),
            "record_statements",
        )
        .order_by("order", "pk")
    )
    for item in items:
        item.consultation = item.linked_consultations[0] if item.linked_consultations else None
        item.paper = item.consultation.paper if item.consultation else None
    return items


def paper_open_agenda_item(*, paper, exclude_meeting: Meeting | None = None) -> AgendaItem | None:
    """The item of an open (not yet held) agenda the paper is on and which has no result yet."""
    items = AgendaItem.objects.filter(
        consultations__paper=paper,
        consultations__deleted=False,
        deleted=False,
        result="",
        meeting__deleted=False,
        meeting__state__in=OPEN_MEETING_STATES,
    ).select_related("meeting", "meeting__organization")
    if exclude_meeting is not None:
        items = items.exclude(meeting=exclude_meeting)
    return items.first()


def meeting_roll(*, meeting: Meeting) -> list:
    """Who may attend: the organization's members on the meeting's day, plus anyone already recorded."""
    from django.db.models import Q
    from django.utils import timezone

    from sessions.models import Attendance, Membership, Person

    day = timezone.localtime(meeting.start).date()
    members = (
        Membership.objects.filter(organization_id=meeting.organization_id, deleted=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("person_id", flat=True)
    )
    recorded = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    people = Person.objects.filter(Q(pk__in=members) | Q(pk__in=recorded.keys())).order_by("family_name", "name")
    for person in people:
        person.attendance = recorded.get(person.pk)
    return list(people)


def agenda_consultations(*, meeting, user, ids):
    """The consultations named by ``ids`` that may go on ``meeting``'s agenda: of the meeting's
    body and within the user's bodies. Other ids are dropped (and logged), so no message ever
    names another body's paper."""
    clean = [i for i in ids if str(i).isdigit()]
    found = access.admin_queryset(user, Consultation).filter(
        pk__in=clean, deleted=False, paper__deleted=False, paper__body_id=meeting.organization.body_id
    )
    if len(clean) != len(ids) or found.count() != len(set(clean)):
        logger.warning(
            "agenda: consultation ids outside the meeting's body refused: user=%s meeting=%s at=%s",
            getattr(user, "username", "?"),
            meeting.pk,
            timezone.now().isoformat(),
        )
    return found


def meeting_defaults(*, user):
    """(place, start) for a new meeting from the Sitzungseinstellungen of the user's body, or
    (None, None) when the user's bodies have none or several (the admin cannot know which)."""
    import datetime

    from proceedings.models import MeetingSettings

    found = list(access.admin_queryset(user, MeetingSettings).select_related("default_location")[:2])
    if len(found) != 1:
        return None, None
    conf = found[0]
    start = None
    if conf.default_start_time is not None:
        day = timezone.localdate() + datetime.timedelta(days=conf.summons_days)
        start = timezone.make_aware(datetime.datetime.combine(day, conf.default_start_time))
    return conf.default_location, start
