"""Reads shared by the public pages (STYLE.md rule 4).

Every read starts from ``visible_to(user)`` (ris/access.py). Each selector runs a fixed number of
queries however many items a page shows: related rows are fetched in bulk (``in_bulk``,
``prefetch_related``) and never per item — a test renders pages with 3 and 30 items and compares.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from motions.models import Consultation, File, Paper, PaperState
from sessions.models import (
    AgendaItem,
    Body,
    Meeting,
    Membership,
    Organization,
    OrganizationType,
    Person,
    Vote,
    VoteGroupCount,
)
from web.explanations import paper_type_explanation
from web.models import EXPLAINER_SLUG, ContentPage

# A paper in a list needs only these columns; Paper rows are wide (Wagtail's draft, lock and
# workflow fields), and fetching fewer columns halves the SQL work of list-heavy pages.
PAPER_ROW_FIELDS = (
    *("pk", "body_id", "reference", "paper_type", "paper_type_text", "name", "date", "state", "amends_id"),
    "answers_id",
)


def paper_rows(queryset):
    return queryset.only(*PAPER_ROW_FIELDS)


def home_context(*, user) -> dict:
    return {
        "papers": Paper.objects.visible_to(user)
        .select_related("body")
        .only(*PAPER_ROW_FIELDS, "body__name")
        .order_by("-date", "-pk")[:10],
        "upcoming": Meeting.objects.visible_to(user).upcoming().select_related("organization__body")[:8],
        "recent": Meeting.objects.visible_to(user)
        .filter(start__lt=timezone.now())
        .select_related("organization__body")
        .order_by("-start")[:5],
        "bodies": Body.objects.alive(),
        "explainer": ContentPage.objects.live().public().filter(slug=EXPLAINER_SLUG).first(),
    }


def paper_detail_queryset(*, user):
    return Paper.objects.visible_to(user).select_related(
        "body", "lead_unit", "responsible_person", "clerk", "amends", "answers"
    )


def _visible_votes():
    """Votes of an agenda item (``item.shown_votes``) with their per-Fraktion breakdown
    (``vote.shown_groups``), two queries for any number.

    Prefetches here fill lists (``to_attr``): a prefetch into ``item.votes.all()`` builds a
    filtered queryset per item, which on a meeting's page cost more than the queries."""
    groups = Prefetch(
        "group_counts",
        queryset=VoteGroupCount.objects.select_related("organization").order_by("pk"),
        to_attr="shown_groups",
    )
    return Prefetch(
        "votes", queryset=Vote.objects.alive().prefetch_related(groups).order_by("pk"), to_attr="shown_votes"
    )


def consultations_with_steps(*, paper: Paper, user) -> list[Consultation]:
    """The Beratungsfolge, each step carrying the meeting and agenda item the user may see.

    A consultation of a public paper can sit on a non-public agenda item or an unpublished
    meeting; then the step shows only its committee and role, never the item's votes.
    """
    consultations = list(
        Consultation.objects.visible_to(user).filter(paper=paper).select_related("organization").order_by("order", "pk")
    )
    meetings = (
        Meeting.objects.visible_to(user)
        .select_related("organization")
        .in_bulk({c.meeting_id for c in consultations if c.meeting_id})
    )
    items = (
        AgendaItem.objects.visible_to(user)
        .prefetch_related(_visible_votes())
        .in_bulk({c.agenda_item_id for c in consultations if c.agenda_item_id})
    )
    now = timezone.now()
    for c in consultations:
        c.shown_meeting = meetings.get(c.meeting_id)
        c.shown_item = items.get(c.agenda_item_id)
        c.shown_votes = c.shown_item.shown_votes if c.shown_item else []
        # A step is over when it has a result (its own or its agenda item's, as the source wrote
        # it), its meeting has passed, or the paper is in the archive.
        item = c.shown_item
        c.result_text = item.result_text if item and not c.result else ""
        c.done = bool(
            c.result
            or (item and (item.result or item.result_text))
            or (c.shown_meeting and c.shown_meeting.start < now)
            or paper.archived
        )
    return consultations


def inquiry_status(*, paper: Paper, answers: list[Paper], consultations: list | None = None) -> dict | None:
    """For an inquiry: answered, or open since its date and whether the answer is overdue."""
    if not paper.is_inquiry:
        return None
    if answers or paper.state == PaperState.ANSWERED:
        return {"answered": True}
    if not paper.is_current or any(c.done for c in consultations or []):
        # Dealt with otherwise (noted in a meeting, settled, archived): not "noch nicht beantwortet".
        return None
    deadline = paper.answer_deadline or paper.default_answer_deadline()
    return {
        "answered": False,
        "since": paper.date or timezone.localdate(paper.created),
        "deadline": deadline,
        "overdue": bool(deadline and deadline < timezone.localdate()),
    }


def paper_context(*, paper: Paper, user) -> dict:
    visible = paper_rows(Paper.objects.visible_to(user))
    # The papers around this one, in one query: its amendments and answers, and what it amends or answers.
    around = list(
        visible.filter(Q(amends=paper) | Q(answers=paper) | Q(pk__in=[paper.amends_id or 0, paper.answers_id or 0]))
        .exclude(pk=paper.pk)
        .order_by("date", "pk")
    )
    answers = [p for p in around if p.answers_id == paper.pk]
    for name, text in paper.texts_for(user).items():  # redacted sections unless the original is theirs
        setattr(paper, name, text)
    consultations = consultations_with_steps(paper=paper, user=user)
    return {
        "paper": paper,
        "explanation": paper_type_explanation(paper.paper_type),
        "consultations": consultations,
        "files": list(File.objects.visible_to(user).filter(paper=paper).order_by("role", "name", "pk")),
        "amendments": [p for p in around if p.amends_id == paper.pk],
        "answers": answers,
        "inquiry": inquiry_status(paper=paper, answers=answers, consultations=consultations),
        "amends": next((p for p in around if p.pk == paper.amends_id), None),
        "answers_paper": next((p for p in around if p.pk == paper.answers_id), None),
        "related": list(visible.filter(related_papers=paper).order_by("-date", "-pk")[:20]),
        "originator_persons": list(paper.originator_persons.alive()),
        "originator_organizations": list(paper.originator_organizations.alive()),
    }


def meeting_items(*, meeting: Meeting, user):
    """The agenda items the user may see, each with ``shown_consultations`` (and their papers),
    ``shown_files`` and ``shown_votes``."""
    return (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=Consultation.objects.visible_to(user).select_related("paper").order_by("pk"),
                to_attr="shown_consultations",
            ),
            Prefetch(
                "files", queryset=File.objects.visible_to(user).order_by("role", "name", "pk"), to_attr="shown_files"
            ),
            _visible_votes(),
        )
        .order_by("order", "pk")
    )


def meeting_public_files(*, meeting: Meeting, user, items: list[AgendaItem] | None = None):
    """Everything downloadable for the meeting: its own files, its visible items' files and the
    files of the papers on those items. ``items`` are the visible items from ``meeting_items``;
    passing them turns the subqueries into id lists, which the database answers from indexes."""
    if items is None:
        items = list(meeting_items(meeting=meeting, user=user))
    paper_ids = {c.paper_id for item in items for c in item.shown_consultations}
    return (
        File.objects.visible_to(user)
        .filter(
            Q(meeting=meeting, agenda_item__isnull=True)
            | Q(agenda_item_id__in=[item.pk for item in items])
            | Q(paper_id__in=paper_ids)
        )
        .exclude(file="")
        .order_by("pk")
    )


def meeting_context(*, meeting: Meeting, user) -> dict:
    items = list(meeting_items(meeting=meeting, user=user))
    total = AgendaItem.objects.filter(meeting=meeting, deleted=False).count()
    return {
        "meeting": meeting,
        "items": items,
        "hidden_count": total - len(items),
        "files": list(
            File.objects.visible_to(user).filter(meeting=meeting, agenda_item__isnull=True).order_by("role", "pk")
        ),
        "has_downloads": meeting_public_files(meeting=meeting, user=user, items=items).exists(),
        "invitation_versions": (versions := meeting_invitation_versions(meeting=meeting, user=user)),
        "invitation_pending": meeting_invitation_pending(meeting=meeting, versions=versions),
    }


def meeting_invitation_pending(*, meeting: Meeting, versions: list) -> list[str]:
    """What changed in the meeting (date, place, agenda) since its last published invitation and
    is not yet in a Nachtrag, in the wording the reader may see (non-public items by number only,
    unless the reader may open the members' version). Empty once the meeting has begun."""
    from proceedings.services import invitation_pending

    if not versions or meeting.start <= timezone.now():
        return []
    pending = invitation_pending(meeting=meeting)
    if pending is None:
        return []
    members = versions[-1].shown_members_file is not None
    return [change["members_text"] if members else change["text"] for change in pending[1]]


def meeting_invitation_versions(*, meeting: Meeting, user) -> list:
    """The published invitation versions (Einladung, Nachtrag, geänderte Einladung) in order, each
    with the files ``user`` may open (the members' version only for those entitled to it)."""
    from proceedings.models import INVITATION_KINDS, MeetingDocumentVersion

    versions = list(
        MeetingDocumentVersion.objects.filter(meeting=meeting, kind__in=INVITATION_KINDS)
        .select_related("file", "members_file")
        .order_by("number")
    )
    ids = [f for v in versions for f in (v.file_id, v.members_file_id) if f]
    visible = set(File.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    for version in versions:
        version.shown_file = version.file if version.file_id in visible else None
        version.shown_members_file = version.members_file if version.members_file_id in visible else None
    return [v for v in versions if v.shown_file or v.shown_members_file]


def unanimous_share(*, organization: Organization, user) -> dict:
    """Share of unanimous decisions among the organization's recorded votes the user may see.

    A vote counts as unanimous when it was recorded as "einstimmig" or had yes votes only.
    """
    items = AgendaItem.objects.visible_to(user).filter(meeting__organization=organization)
    counts = (
        Vote.objects.alive()
        .filter(agenda_item__in=items)
        .aggregate(
            total=Count("pk"),
            unanimous=Count("pk", filter=Q(unanimous=True) | Q(yes__gt=0, no=0, abstain=0)),
        )
    )
    total = counts["total"] or 0
    percent = round(100 * counts["unanimous"] / total) if total else None
    return {"total": total, "unanimous": counts["unanimous"], "percent": percent}


def organization_context(*, organization: Organization, user) -> dict:
    today = timezone.localdate()
    memberships = list(
        Membership.objects.alive()
        .filter(organization=organization, person__deleted=False)
        .select_related("person", "on_behalf_of")
        .order_by("person__family_name", "person__name", "-start_date")
    )
    meetings = Meeting.objects.visible_to(user).filter(organization=organization).select_related("organization")
    return {
        "organization": organization,
        "current_members": [m for m in memberships if m.end_date is None or m.end_date >= today],
        "former_members": [m for m in memberships if m.end_date is not None and m.end_date < today],
        "upcoming": list(meetings.upcoming()[:10]),
        "past": list(meetings.filter(start__lt=timezone.now()).order_by("-start")[:10]),
        "papers": list(
            paper_rows(Paper.objects.visible_to(user))
            .filter(pk__in=Consultation.objects.visible_to(user).filter(organization=organization).values("paper_id"))
            .order_by("-date", "-pk")[:20]
        ),
        "children": list(organization.children.alive()),
        "unanimous": unanimous_share(organization=organization, user=user),
    }


def person_context(*, person: Person, user) -> dict:
    return {
        "person": person,
        "memberships": list(
            Membership.objects.alive()
            .filter(person=person, organization__deleted=False)
            .select_related("organization", "on_behalf_of")
            .order_by(F("start_date").desc(nulls_last=True), "organization__name")
        ),
        "papers": list(
            paper_rows(Paper.objects.visible_to(user)).filter(originator_persons=person).order_by("-date", "-pk")[:50]
        ),
    }


def body_context(*, body: Body, user) -> dict:
    organizations = list(body.organizations.alive().order_by("name"))
    return {
        "body": body,
        "committees": [o for o in organizations if o.organization_type == OrganizationType.COMMITTEE],
        "factions": [o for o in organizations if o.organization_type == OrganizationType.FACTION],
        "units": [o for o in organizations if o.organization_type == OrganizationType.ADMINISTRATION],
        "terms": list(body.legislative_terms.alive()),
        "upcoming": list(
            Meeting.objects.visible_to(user)
            .filter(organization__body=body)
            .upcoming()
            .select_related("organization")[:10]
        ),
        "papers": list(paper_rows(Paper.objects.visible_to(user)).filter(body=body).order_by("-date", "-pk")[:10]),
    }


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following
