"""Meetings reconstructed from an archive's documents: invitations, minutes and Beratungsfolge rows.

A legacy archive has no meeting records, only their papers. When a recognised invitation or
minutes names its meeting (organization and date), or a Vorlage's Beratungsfolge row names a
committee, a date and a vote, the meeting is looked up (same organization, same day) or created.
A created meeting is an unpublished draft (``live=False``) for staff to check, and the paper's
recognition data says that it was reconstructed (``"reconstructed": true``); an invitation's TOP
list becomes its agenda. A Beratungsfolge vote becomes an agenda item of that meeting with its
``Vote``, through ``sessions.votes.vote_record`` (which checks the counts), so that the paper's
public timeline shows it once the meeting is published. Votes written out in minutes go onto the
agenda item they were taken under (the item is created from the minutes' heading when the meeting
has no item of that number), through the same rules.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from motions.models import Consultation, File, FileRole, Paper
from sessions.models import AgendaItem, Body, Meeting, MeetingState, Organization, OrganizationType

ROLE_OF_FILE = {"invitation": FileRole.INVITATION, "minutes": FileRole.RESULTS_PROTOCOL}


def organization_for(body: Body, name: str) -> Organization:
    """The body's organization of that name (or one whose name starts with it), created when unknown."""
    name = name.strip()[:255]
    found = (
        Organization.objects.filter(body=body, name__iexact=name).first()
        or Organization.objects.filter(body=body, name__istartswith=name).order_by("name").first()
    )
    if found is not None:
        return found
    return Organization.objects.create(body=body, name=name, organization_type=OrganizationType.COMMITTEE)


def meeting_for(
    *, body: Body, organization: str, day: datetime.date, number: int | None, held: bool, time: str | None = None
) -> tuple[Meeting, bool]:
    """The meeting of that organization on that day, created as a reconstructed draft when there is none.

    Returns:
        The meeting, and whether it was created now.
    """
    org = organization_for(body, organization)
    existing = Meeting.objects.filter(organization=org, start__date=day, deleted=False).order_by("pk").first()
    if existing is not None:
        return existing, False
    clock = datetime.time.fromisoformat(time) if time else datetime.time(0, 0)
    start = timezone.make_aware(datetime.datetime.combine(day, clock))
    meeting = Meeting(
        organization=org,
        number=number,
        start=start,
        state=MeetingState.HELD if held else MeetingState.INVITED,
        live=False,
    )
    meeting.full_clean()
    meeting.save()
    return meeting, True


def meeting_from_document(*, file: File, paper: Paper | None, recognised: dict) -> dict | None:
    """Attach an invitation's or minutes' file to its meeting (found or created); the meeting's
    JSON for the report, or None when the document does not say which meeting."""
    if not recognised.get("organization") or not recognised.get("date"):
        return None
    day = datetime.date.fromisoformat(recognised["date"])
    role = recognised.get("role")
    meeting, created = meeting_for(
        body=file.body,
        organization=recognised["organization"],
        day=day,
        number=recognised.get("number"),
        held=role == "minutes" or day < timezone.localdate(),
        time=recognised.get("time"),
    )
    if created and role == "invitation":
        for order, item in enumerate(recognised.get("agenda") or [], start=1):
            AgendaItem.objects.create(
                meeting=meeting, number=item["number"][:20], name=item["title"][:1000], order=order
            )
    File.objects.filter(pk=file.pk).update(meeting=meeting, role=ROLE_OF_FILE.get(role, FileRole.ATTACHMENT))
    return {
        "organization": meeting.organization.name,
        "number": meeting.number,
        "date": day.isoformat(),
        "role": role,
        "id": meeting.pk,
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        "reconstructed": created or not meeting.live,
    }


def consultation_votes_record(*, paper: Paper, rows: list[dict]) -> int:
    """Put each Beratungsfolge row with a date onto a (reconstructed) meeting of its committee,
    with its vote; returns how many votes were recorded. Counts the vote rules refuse stay only
    in the recognition data."""
    from sessions.votes import vote_record

    recorded = 0
    consultations = {c.order: c for c in Consultation.objects.filter(paper=paper)}
    for order, row in enumerate(rows, start=1):
        consultation = consultations.get(order)
        if consultation is None or not row.get("date"):
            continue
        day = datetime.date.fromisoformat(row["date"])
        meeting, _created = meeting_for(
            body=paper.body, organization=row["organization"], day=day, number=None, held=day <= timezone.localdate()
        )
        last = AgendaItem.objects.filter(meeting=meeting).order_by("-order").values_list("order", flat=True).first()
        item = AgendaItem.objects.create(
            meeting=meeting,
            name=paper.name[:1000],
            public=paper.public,
            order=(last or 0) + 1,
            result=row.get("result") or "",
        )
        Consultation.objects.filter(pk=consultation.pk).update(meeting=meeting, agenda_item=item)
        has_counts = row.get("yes") is not None or row.get("unanimous")
        if has_counts and row.get("result"):
            try:
                vote_record(
                    agenda_item=item,
                    result=row["result"],
                    yes=row.get("yes"),
                    no=row.get("no"),
                    abstain=row.get("abstain"),
                    unanimous=bool(row.get("unanimous")),
                )
                recorded += 1
            except ValidationError:
                pass
    return recorded


def minutes_votes_record(*, meeting: Meeting, votes: list[dict], public: bool = True) -> int:
    """Put the votes read from a meeting's minutes onto its agenda items; returns how many were recorded.

    A vote is recorded only under the item whose heading it follows in the minutes (``"item"``);
    an item of that number is created from the heading when the meeting has none. A vote already
    recorded from the same sentence is not recorded twice; counts the vote rules refuse stay only
    in the recognition data, and a result without counts ("mehrheitlich abgelehnt", which the rules
    do not take as a vote) becomes the item's result.
    """
    from sessions.models import Vote
    from sessions.votes import vote_record

    recorded = 0
    for vote in votes:
        heading = vote.get("item")
        if not heading or not vote.get("result"):
            continue
        number = heading["number"][:20]
        item = AgendaItem.objects.filter(meeting=meeting, number=number, deleted=False).order_by("order").first()
        if item is None:
            last = AgendaItem.objects.filter(meeting=meeting).order_by("-order").values_list("order", flat=True).first()
            item = AgendaItem.objects.create(
                meeting=meeting, number=number, name=heading["title"][:1000], public=public, order=(last or 0) + 1
            )
        source = vote.get("text", "")[:500]
        if Vote.objects.filter(agenda_item=item, source_text=source, deleted=False).exists():
            continue
        try:
            vote_record(
                agenda_item=item,
                result=vote["result"],
                yes=vote.get("yes"),
                no=vote.get("no"),
                abstain=vote.get("abstain"),
                unanimous=bool(vote.get("unanimous")),
                source_text=source,
            )
        except ValidationError:
            if vote.get("yes") is None and not vote.get("unanimous") and not item.result:
                # "mehrheitlich abgelehnt": a result without counts is the item's result, not a vote
                AgendaItem.objects.filter(pk=item.pk).update(result=vote["result"])
            continue
        recorded += 1
    return recorded
