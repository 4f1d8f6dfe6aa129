"""Reads shared by the member pages and feeds (STYLE.md rule 4). Every one goes through the access policy."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils import timezone

from members.models import Alert, Event, FileOpened, Follow, FollowKind, ResolutionTracking, TrackingStatus
from motions.models import Consultation, File, Paper, PaperType
from sessions.models import AgendaItem, Meeting, Membership, OrganizationType

FEED_SIZE = 30


def follows_of(*, user):
    return Follow.objects.filter(user=user).select_related("paper", "organization", "person", "body")


def search_q(query: str) -> Q:
    """A saved search as a filter: every word somewhere in reference, subject or text sections."""
    q = Q()
    for word in query.split():
        q &= (
            Q(reference__icontains=word)
            | Q(name__icontains=word)
            | Q(resolution_proposal__icontains=word)
            | Q(facts__icontains=word)
            | Q(reasoning__icontains=word)
        )
    return q


def _papers_found(*, user, query: str) -> list[int]:
    """The newest papers the site's search finds for a saved search (same German analysis)."""
    from search.results import Filters, SearchRequest
    from search.selectors import search

    if not query.split():
        return []
    request = SearchRequest(q=query, filters=Filters(kind="paper"), sort="date")
    return [hit.id for hit in search(user=user, request=request).hits]


def papers_followed(*, user, kind: str, target=None, query: str = ""):
    """The papers a follow is about, as ``user`` may see them, newest first."""
    papers = Paper.objects.visible_to(user).select_related("body")
    if kind == FollowKind.PAPER:
        papers = papers.filter(pk=target.pk)
    elif kind == FollowKind.ORGANIZATION:
        originated = Paper.objects.filter(originator_organizations=target).values("pk")
        consulted = Consultation.objects.filter(organization=target, deleted=False).values("paper_id")
        papers = papers.filter(Q(pk__in=originated) | Q(pk__in=consulted) | Q(lead_unit=target))
    elif kind == FollowKind.PERSON:
        papers = papers.filter(pk__in=Paper.objects.filter(originator_persons=target).values("pk"))
    elif kind == FollowKind.BODY:
        papers = papers.filter(body=target)
    else:
        papers = papers.filter(pk__in=_papers_found(user=user, query=query))
    return papers.order_by("-date", "-pk")


def events_of_paper(*, user, paper, limit: int = FEED_SIZE) -> list[Event]:
    """What happened to a paper, newest first, only what ``user`` may see."""
    from members.alerts import alert_visible

    events = (
        Event.objects.filter(Q(paper=paper) | Q(file__paper=paper))
        .select_related("paper", "file", "consultation__organization", "consultation__meeting", "meeting")
        .order_by("-created")[: limit * 2]
    )
    return [e for e in events if alert_visible(user=user, event=e)][:limit]


def latest_alerts(*, user, limit: int = 20):
    return (
        Alert.objects.filter(user=user)
        .select_related("event__paper", "event__file__paper", "event__meeting", "follow")
        .order_by("-created")[:limit]
    )


def latest_changes(*, user, limit: int = 10) -> list[dict]:
    """ "Letzte Änderungen": each alert as what it is about (title and link), why and when; one line
    per thing and reason (an event recorded for several follows, or a paper's files arriving one by
    one, reads as one change), newest first, only what ``user`` may still see (two queries for
    all of them, not one per alert)."""
    alerts = list(latest_alerts(user=user, limit=limit * 5))
    targets = []
    for alert in alerts:
        event = alert.event
        paper = event.paper or (event.file.paper if event.file_id and event.file.paper_id else None)
        targets.append(paper or event.meeting)
    papers = {t.pk for t in targets if isinstance(t, Paper)}
    meetings = {t.pk for t in targets if isinstance(t, Meeting)}
    visible = {
        Paper: set(Paper.objects.visible_to(user).filter(pk__in=papers).values_list("pk", flat=True)),
        Meeting: set(Meeting.objects.visible_to(user).filter(pk__in=meetings).values_list("pk", flat=True)),
    }
    changes: dict[tuple, dict] = {}
    for alert, target in zip(alerts, targets, strict=True):
        if target is None or target.pk not in visible[type(target)]:
            continue
        key = (type(target).__name__, target.pk, alert.reason)
        if key not in changes:
            changes[key] = {
                "title": str(target),
                "url": target.get_absolute_url(),
                "reason": alert.reason,
                "created": alert.created,
            }
    return list(changes.values())[:limit]


def person_of(user):
    account = getattr(user, "ris_account", None)
    return account.person if account is not None else None


def dashboard_context(*, user, person, today=None) -> dict:
    """Meine Vorgänge: my papers, my inquiries, my committees' next meetings, what I follow."""
    today = today or timezone.localdate()
    now = timezone.now()
    memberships = Membership.objects.filter(person=person, deleted=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    factions = memberships.filter(organization__organization_type=OrganizationType.FACTION).values("organization_id")
    committees = memberships.exclude(organization__organization_type=OrganizationType.FACTION).values("organization_id")
    mine = Paper.objects.visible_to(user).filter(
        Q(pk__in=Paper.objects.filter(originator_persons=person).values("pk"))
        | Q(pk__in=Paper.objects.filter(originator_organizations__in=factions).values("pk"))
    )
    steps = (
        Consultation.objects.visible_to(user)
        .select_related("organization", "meeting__organization")
        .order_by("order", "pk")
    )
    papers = list(
        mine.exclude(paper_type=PaperType.INQUIRY)
        .select_related("body")
        .prefetch_related(Prefetch("consultations", queryset=steps, to_attr="steps"))
        .order_by("-date", "-pk")[:50]
    )
    for paper in papers:
        paper.current_step = next((c for c in paper.steps if not c.result), None)
        paper.next_meeting = next(
            (
                c.meeting
                for c in paper.steps
                if c.meeting_id and c.meeting.live and not c.meeting.deleted and c.meeting.start >= now and not c.result
            ),
            None,
        )
    inquiries = list(
        mine.filter(paper_type=PaperType.INQUIRY)
        .select_related("body")
        .prefetch_related(Prefetch("answered_by", queryset=Paper.objects.visible_to(user), to_attr="answers_seen"))
        .order_by(models_nulls_last("answer_deadline"), "-pk")[:50]
    )
    for inquiry in inquiries:
        inquiry.deadline = inquiry.answer_deadline or inquiry.default_answer_deadline()
        inquiry.overdue = bool(
            inquiry.deadline and inquiry.deadline < today and not inquiry.answers_seen and inquiry.is_current
        )
    inquiries.sort(key=lambda p: (not p.overdue, p.deadline is None, p.deadline or today))
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(organization_id__in=committees, start__gte=now)
        .select_related("organization")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.visible_to(user).order_by("order"), to_attr="items"),
            Prefetch("files", queryset=File.objects.visible_to(user), to_attr="documents"),
        )
        .order_by("start")[:10]
    )
    item_files = File.objects.visible_to(user).filter(agenda_item__in=[i for m in meetings for i in m.items])
    by_meeting: dict[int, list] = {}
    for f in item_files.select_related("agenda_item"):
        by_meeting.setdefault(f.agenda_item.meeting_id, []).append(f)
    documents = {m.pk: _unique(m.documents + by_meeting.get(m.pk, [])) for m in meetings}
    all_ids = [f.pk for files in documents.values() for f in files]
    opened = set(FileOpened.objects.filter(user=user, file_id__in=all_ids).values_list("file_id", flat=True))
    for meeting in meetings:
        # "Alle Dokumente geöffnet." only where there are documents.
        meeting.has_documents = bool(documents[meeting.pk])
        meeting.unopened = [f for f in documents[meeting.pk] if f.pk not in opened]
    return {
        "person": person,
        "papers": papers,
        "inquiries": inquiries,
        "meetings": meetings,
        "follows": follows_of(user=user),
        "alerts": latest_changes(user=user),
    }


def _unique(files: list) -> list:
    return list({f.pk: f for f in files}.values())


def models_nulls_last(field: str):
    from django.db.models import F

    return F(field).asc(nulls_last=True)


def tracking_list(*, user, status: str = "", overdue: bool = False, body=None):
    """Beschlusskontrolle as ``user`` may see it (citizens: public resolutions only)."""
    trackings = (
        ResolutionTracking.objects.visible_to(user)
        .select_related("paper__body", "owner_unit")
        .prefetch_related("reports")
    )
    if status in TrackingStatus.values:
        trackings = trackings.filter(status=status)
    if overdue:
        trackings = trackings.overdue()
    if body is not None:
        trackings = trackings.filter(paper__body=body)
    return trackings.order_by("due_date", "pk")
