"""Alerts that say why they fired (issue 7, "Following and alerts").

``members.events.event_record`` notes that something happened and queues its dispatch
(``members.tasks``), which reads this module: ``event_recipients`` finds the follows an event
concerns; ``alert_reason`` writes the German sentence for one recipient; ``alert_visible`` re-checks the access policy for that recipient
at dispatch time and again when the mail is rendered, so an alert never carries what its
recipient may not see.
"""

from __future__ import annotations

import re
from html import unescape

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Event, EventKind, Follow, FollowKind
from motions.models import Paper
from ris import access
from search.analysis import fold, stem, words

_TAGS = re.compile(r"<[^>]+>")


def paper_text(paper) -> str:
    """What a saved search is matched against: reference, subject and the text sections."""
    parts = [paper.reference, paper.name, *paper.public_text_sections()]  # never a redacted passage
    return unescape(_TAGS.sub(" ", " ".join(p or "" for p in parts))).casefold()


def search_matches(paper, queries) -> list[str]:
    """The saved searches this paper matches: every word of the search, in any inflection (the
    search's German stemming), with umlaut and ß spellings folded, or inside a compound."""
    text = fold(paper_text(paper))
    stems = {stem(word) for word in words(text)}
    return [q for q in queries if words(q) and all(stem(w) in stems or w in text for w in words(q))]


def _paper_follows_q(paper) -> Q:
    organizations = set(paper.originator_organizations.values_list("pk", flat=True))
    organizations |= set(paper.consultations.filter(deleted=False).values_list("organization_id", flat=True))
    if paper.lead_unit_id:
        organizations.add(paper.lead_unit_id)
    persons = set(paper.originator_persons.values_list("pk", flat=True))
    return (
        Q(kind=FollowKind.PAPER, paper=paper)
        | Q(kind=FollowKind.ORGANIZATION, organization_id__in=organizations)
        | Q(kind=FollowKind.PERSON, person_id__in=persons)
        | Q(kind=FollowKind.BODY, body_id=paper.body_id)
    )


def event_recipients(event: Event) -> list[Follow]:
    """The follows an event concerns, at most one per user (the most specific one wins)."""
    paper = event.paper
    if paper is None and event.file_id:
        paper = event.file.paper
    meeting = event.meeting or (event.file.meeting if event.file_id else None)
    q = Q(pk__in=[])
    if paper is not None:
        q |= _paper_follows_q(paper)
        if paper.answers_id:  # an answer is news for whoever follows the inquiry
            q |= _paper_follows_q(paper.answers)
        if event.kind == EventKind.NEW_PAPER:
            queries = (
                Follow.objects.filter(kind=FollowKind.SEARCH).order_by().values_list("query", flat=True).distinct()
            )
            matching = search_matches(paper, queries)
            if matching:
                q |= Q(kind=FollowKind.SEARCH, query__in=matching)
    elif meeting is not None:
        q |= Q(kind=FollowKind.ORGANIZATION, organization_id=meeting.organization_id)
        q |= Q(kind=FollowKind.BODY, body_id=meeting.organization.body_id)
    # Only who followed when it happened: the outbox may dispatch late (a broker outage), and a
    # follow made since must not bring news of before it.
    follows = (
        Follow.objects.filter(q, created__lte=event.created)
        .filter(user__is_active=True, user__ris_account__email_verified=True)
        .select_related("user__ris_account", "organization", "person", "body", "paper")
    )
    priority = [FollowKind.PAPER, FollowKind.SEARCH, FollowKind.PERSON, FollowKind.ORGANIZATION, FollowKind.BODY]
    chosen: dict[int, Follow] = {}
    for follow in sorted(follows, key=lambda f: priority.index(f.kind)):
        chosen.setdefault(follow.user_id, follow)
    return list(chosen.values())


def meeting_member_users(event: Event) -> list:
    """For a new invitation version of a meeting: the users whose person is a member of the
    meeting's organization on its day (GO: the members are invited), whether they follow or not."""
    from django.contrib.auth import get_user_model

    from sessions.models import Membership

    file = event.file if event.file_id else None
    if event.kind != EventKind.NEW_FILE or file is None or file.meeting_id is None or file.role != "einladung":
        return []
    meeting = file.meeting
    day = timezone.localtime(meeting.start).date()
    persons = (
        Membership.objects.filter(organization_id=meeting.organization_id, deleted=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("person_id")
    )
    return list(
        get_user_model().objects.filter(
            is_active=True, ris_account__email_verified=True, ris_account__person_id__in=persons
        )
    )


def alert_visible(*, user, event: Event) -> bool:
    """May this recipient see everything the alert would name?"""
    for obj in (event.paper, event.file, event.consultation, event.meeting):
        if obj is not None and not access.can_view(user, obj):
            return False
    if event.consultation_id and event.consultation.meeting_id:
        if not access.can_view(user, event.consultation.meeting):
            return False
    return True


def _day(value) -> str:
    return date_format(timezone.localtime(value), "d.m.Y")


def _askers(event: Event) -> set[int]:
    """The persons who originated the inquiry an answer event answers (once per event)."""
    if not hasattr(event, "_askers"):
        inquiry_id = event.paper.answers_id if event.paper_id else None
        askers = Paper.originator_persons.through.objects.filter(paper_id=inquiry_id) if inquiry_id else None
        event._askers = set(askers.values_list("person_id", flat=True)) if askers is not None else set()
    return event._askers


def alert_reason(*, event: Event, follow: Follow) -> str:
    """The German sentence that says why this alert fired for this follow."""
    if event.kind == EventKind.CONSULTATION:
        consultation = event.consultation
        result = consultation.get_result_display() if consultation.result else _("beraten")
        if consultation.meeting_id:
            return _("neue Beratung im %(org)s am %(day)s: %(result)s") % {
                "org": consultation.organization.name,
                "day": _day(consultation.meeting.start),
                "result": result,
            }
        return _("neue Beratung im %(org)s: %(result)s") % {"org": consultation.organization.name, "result": result}
    if event.kind == EventKind.ANSWER:
        account = getattr(follow.user, "ris_account", None) if follow.user_id else None
        if account is not None and account.person_id in _askers(event):
            return _("Antwort auf Ihre Anfrage eingegangen")
        return _("Antwort auf die Anfrage eingegangen")
    if event.kind == EventKind.NEW_FILE:
        if event.file.role == "einladung":  # Einladung, Nachtrag or geänderte Einladung: its own name says which
            return _("neues Dokument: %(role)s") % {"role": event.file.name}
        return _("neues Dokument: %(role)s") % {"role": event.file.get_role_display()}
    if follow.kind == FollowKind.SEARCH:
        return _("neue Vorlage passt zu Ihrer Suche '%(query)s'") % {"query": follow.query}
    if follow.kind == FollowKind.PERSON:
        return _("neue Vorlage von %(person)s") % {"person": follow.person.name}
    if follow.kind == FollowKind.ORGANIZATION:
        return _("neue Vorlage für %(org)s") % {"org": follow.organization.name}
    return _("neue Vorlage in %(body)s") % {"body": follow.body.name if follow.body_id else event.paper.body.name}


def event_subject(event: Event):
    """The record the alert links to: the paper, else the meeting of a meeting document."""
    if event.paper_id:
        return event.paper
    if event.file_id:
        return event.file.paper or event.file.meeting or event.file
    return event.meeting
