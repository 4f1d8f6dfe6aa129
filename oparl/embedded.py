"""The embedded objects of a page of OParl objects, read as plain rows: one ``.values()`` query per kind.

``prefetch_related`` built a model instance and a queryset clone for every embedded object: a
page of 100 meetings with 1,000 agenda items (and their consultations) spent 600 ms in Django's
prefetch machinery before serialising anything. Here each kind is one ``values()`` query over the
page's ids, grouped in Python and attached to the parents as ``oparl_*`` lists. A ``Row`` reads
like a model instance (``row.pk``, ``row.paper_id``), so ``oparl.serializers`` serialise a
stand-alone record and an embedded row with the same function.

Every query starts from ``oparl.selectors.visible``: what anonymous users may not see is not
embedded, exactly as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

from django.db.models import F, Min, QuerySet

from motions.models import Consultation, File, Paper
from oparl.selectors import paper_links, visible
from sessions.models import (
    AgendaItem,
    Attendance,
    Body,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Person,
    Vote,
    VoteGroupCount,
)

TIMES = ("pk", "created", "modified", "source_created")
FILE_FIELDS = (
    *TIMES,
    # No "text": a file's full text is at the file's own URL, never in a list (one 400-page PDF
    # made a paper list 2.4 MB, issue 14).
    *("name", "file_name", "media_type", "date", "size", "sha512", "file", "role"),
    *("public_version", "public_file"),
    *("paper_id", "meeting_id", "agenda_item_id"),
)
AGENDA_ITEM_FIELDS = (
    *TIMES,
    *("meeting_id", "number", "order", "name", "public", "result", "result_text"),
    *("resolution_text", "start", "end"),
)
CONSULTATION_FIELDS = (
    *TIMES,
    *("paper_id", "meeting_id", "agenda_item_id", "organization_id", "authoritative", "role", "role_text"),
    "result",
)
MEMBERSHIP_FIELDS = (
    *TIMES,
    *("person_id", "organization_id", "role", "voting_right", "start_date", "end_date", "on_behalf_of_id"),
)
TERM_FIELDS = (*TIMES, "body_id", "name", "start_date", "end_date")
VOTE_FIELDS = ("pk", "agenda_item_id", "subject", "yes", "no", "abstain", "unanimous", "named", "result", "source_text")
GROUP_COUNT_FIELDS = ("vote_id", "organization_id", "yes", "no", "abstain")


SELECT_RELATED = {
    Body: ("location",),
    Organization: ("location",),
    Person: ("location",),
    Meeting: ("organization", "location"),
}
# Long texts OParl does not show (a paper's rich-text sections, a meeting's minutes): not read.
DEFERRED = {
    Paper: ("resolution_proposal", "reasoning", "facts", "funding", "recognition"),
    Meeting: ("minutes_text",),
}


class Row(SimpleNamespace):
    """One record as read by ``values()``: attribute access like a model instance, nothing else."""


def rows(qs: QuerySet, fields: Iterable[str]) -> list[Row]:
    return [Row(**values) for values in qs.values(*fields)]


def _grouped(items: Iterable, key: str) -> defaultdict[int, list]:
    groups = defaultdict(list)
    for item in items:
        groups[getattr(item, key)].append(item)
    return groups


def load(model, qs: QuerySet) -> list:
    """Evaluate a page (or one object) of ``model`` with exactly the joins its serializer reads, and
    attach its embedded objects: a constant number of queries, whatever the page size."""
    if model in SELECT_RELATED:
        qs = qs.select_related(*SELECT_RELATED[model])
    if model in DEFERRED:
        qs = qs.defer(*DEFERRED[model])
    objects = list(qs)
    attach(model, [obj for obj in objects if not obj.deleted])
    return objects


def attach(model, objects: list) -> None:
    """Give each record of ``objects`` (instances of ``model``) what its serializer embeds."""
    if not objects:
        return
    ids = [obj.pk for obj in objects]
    if model is Body:
        terms = _grouped(rows(visible(LegislativeTerm).filter(body_id__in=ids).order_by("pk"), TERM_FIELDS), "body_id")
        for obj in objects:
            obj.oparl_terms = terms[obj.pk]
    elif model is Organization:
        memberships = defaultdict(list)
        for pk, organization in (
            visible(Membership).filter(organization_id__in=ids).order_by("pk").values_list("pk", "organization_id")
        ):
            memberships[organization].append(pk)
        for obj in objects:
            obj.oparl_membership_ids = memberships[obj.pk]
    elif model is Person:
        memberships = _grouped(
            rows(visible(Membership).filter(person_id__in=ids).order_by("pk"), MEMBERSHIP_FIELDS), "person_id"
        )
        for obj in objects:
            obj.oparl_memberships = memberships[obj.pk]
    elif model is Meeting:
        _attach_meetings(objects, ids)
    elif model is AgendaItem:
        _attach_agenda_items(objects, "agenda_item_id__in", ids)
        _attach_positions(objects)
    elif model is Paper:
        _attach_papers(objects, ids)
        links = paper_links([(obj.pk, obj.amends_id, obj.answers_id) for obj in objects])
        for obj in objects:
            obj.oparl_links = links[obj.pk]
    elif model is Consultation:
        _attach_consultation_targets(objects)


def _files(**filters) -> list[Row]:
    return rows(visible(File).filter(**filters).order_by("pk"), FILE_FIELDS)


def _attach_meetings(meetings: list, ids: list[int]) -> None:
    files = _grouped(_files(meeting_id__in=ids, agenda_item__isnull=True), "meeting_id")
    participants = defaultdict(list)
    present = Attendance.objects.filter(meeting_id__in=ids, status=Attendance.Status.PRESENT).order_by("pk")
    for meeting, person in present.values_list("meeting_id", "person_id"):
        participants[meeting].append(person)
    items = rows(visible(AgendaItem).filter(meeting_id__in=ids).order_by("order", "pk"), AGENDA_ITEM_FIELDS)
    if items:
        # Selected by meeting: a thousand agenda item ids as query parameters cost more than the join.
        _attach_agenda_items(items, "agenda_item__meeting_id__in", ids)
    items_by_meeting = _grouped(items, "meeting_id")
    for group in items_by_meeting.values():
        for position, item in enumerate(group):
            item.oparl_position = position
    for meeting in meetings:
        meeting.oparl_files = files[meeting.pk]
        meeting.oparl_participant_ids = participants[meeting.pk]
        meeting.oparl_agenda_items = items_by_meeting[meeting.pk]


def _attach_positions(items: list) -> None:
    """Stand-alone agenda items: their 0-based position among their meeting's visible items."""
    meetings = {item.meeting_id for item in items}
    ordered = visible(AgendaItem).filter(meeting_id__in=meetings).order_by("meeting_id", "order", "pk")
    positions, counts = {}, defaultdict(int)
    for pk, meeting in ordered.values_list("pk", "meeting_id"):
        positions[pk] = counts[meeting]
        counts[meeting] += 1
    for item in items:
        item.oparl_position = positions.get(item.pk, item.order)


def _attach_agenda_items(items: list, lookup: str, ids: list[int]) -> None:
    """``lookup``/``ids`` select the children of ``items`` (by agenda item or by meeting)."""
    scope = {lookup: ids}
    files = _grouped(_files(**scope), "agenda_item_id")
    # OParl names one consultation per agenda item: the first visible one.
    first = dict(
        visible(Consultation)
        .filter(**scope)
        .order_by()
        .values("agenda_item_id")
        .annotate(first=Min("pk"))
        .values_list("agenda_item_id", "first")
    )
    votes = rows(Vote.objects.filter(**scope, deleted=False).order_by("pk"), VOTE_FIELDS)
    counts = (
        _grouped(
            rows(
                VoteGroupCount.objects.filter(**{f"vote__{lookup}": ids}, vote__deleted=False).order_by("pk"),
                GROUP_COUNT_FIELDS,
            ),
            "vote_id",
        )
        if votes
        else defaultdict(list)
    )
    for vote in votes:
        vote.oparl_group_counts = counts[vote.pk]
    votes_by_item = _grouped(votes, "agenda_item_id")
    for item in items:
        item.oparl_files = files[item.pk]
        item.oparl_consultation_id = first.get(item.pk)
        item.oparl_votes = votes_by_item[item.pk]


def _attach_papers(papers: list, ids: list[int]) -> None:
    files = _grouped(_files(paper_id__in=ids), "paper_id")
    consultations = rows(visible(Consultation).filter(paper_id__in=ids).order_by("order", "pk"), CONSULTATION_FIELDS)
    _attach_consultation_targets(consultations)
    consultations_by_paper = _grouped(consultations, "paper_id")
    # Locations stay model instances (their __str__ is the fallback description); a paper has few.
    locations = _grouped(
        visible(Location).filter(papers__in=ids).annotate(oparl_paper_id=F("papers")).order_by("pk"),
        "oparl_paper_id",
    )
    for paper in papers:
        paper.oparl_files = files[paper.pk]
        paper.oparl_consultations = consultations_by_paper[paper.pk]
        paper.oparl_locations = locations[paper.pk]


def _attach_consultation_targets(consultations: list) -> None:
    """A consultation names its meeting and agenda item only when anonymous users may see them."""
    meetings = {c.meeting_id for c in consultations if c.meeting_id}
    items = {c.agenda_item_id for c in consultations if c.agenda_item_id}
    shown_meetings = set(visible(Meeting).filter(pk__in=meetings).values_list("pk", flat=True)) if meetings else set()
    shown_items = set(visible(AgendaItem).filter(pk__in=items).values_list("pk", flat=True)) if items else set()
    for c in consultations:
        c.oparl_meeting_id = c.meeting_id if c.meeting_id in shown_meetings else None
        c.oparl_agenda_item_id = c.agenda_item_id if c.agenda_item_id in shown_items else None
