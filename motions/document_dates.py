"""A record made from a document carries the document's dates, not the time it was loaded.

The demo loader and the PDF ingestion create records today from documents of 2014–2024. Without
this, VII/0680/24, decided on 28.02.2024, said "Zuletzt geändert am" the day of the load, and its
feed item was dated the load. Here each such record gets ``source_created``/``source_modified``
(``ris.models.Record``) from what its documents say: a paper its date and the last meeting that
dealt with it, a meeting its start (and end), agenda items, votes and consultations their
meeting's, a file its date or its owner's. What no document dates (a future meeting, a paper
without date) stays unset and falls back to our own dates. Records that already have source
dates (imported ones) are left alone, so running it again changes nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from motions.models import Consultation, File, Paper
from sessions.models import AgendaItem, Meeting, Vote


def _day(value: datetime.date | None) -> datetime.datetime | None:
    if value is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)), timezone.get_default_timezone())


def _set(model, pk: int, created, modified) -> None:
    if created or modified:
        model.objects.filter(pk=pk, source_created__isnull=True).update(
            source_created=created or modified, source_modified=modified or created
        )


def document_dates_apply(*, papers, meetings) -> None:
    """Give the papers and meetings (querysets) and what belongs to them their documents' dates."""
    now = timezone.now()
    meeting_times: dict[int, tuple] = {}
    for meeting in meetings.filter(source_created__isnull=True, start__lte=now):
        meeting_times[meeting.pk] = (
            meeting.start,
            meeting.end if meeting.end and meeting.end <= now else meeting.start,
        )
        _set(Meeting, meeting.pk, *meeting_times[meeting.pk])
    for item in AgendaItem.objects.filter(meeting_id__in=meeting_times, source_created__isnull=True):
        _set(AgendaItem, item.pk, *meeting_times[item.meeting_id])
    for vote in Vote.objects.filter(
        agenda_item__meeting_id__in=meeting_times, source_created__isnull=True
    ).select_related("agenda_item"):
        _set(Vote, vote.pk, *meeting_times[vote.agenda_item.meeting_id])
    for paper in papers.filter(source_created__isnull=True):
        created = _day(paper.date)
        latest = created
        for consultation in Consultation.objects.filter(paper=paper).select_related("meeting"):
            start = consultation.meeting.start if consultation.meeting_id else None
            when = start if start and start <= now else created
            _set(Consultation, consultation.pk, when, when)
            if when and (latest is None or when > latest):
                latest = when
        _set(Paper, paper.pk, created, latest)
    owners = {"paper__in": papers, "meeting__in": meetings}
    for lookup, parents in owners.items():
        for file in File.objects.filter(**{lookup: parents}, source_created__isnull=True).select_related(
            "paper", "meeting"
        ):
            when = _day(file.date) or (
                _day(file.paper.date) if file.paper_id else (file.meeting.start if file.meeting_id else None)
            )
            if when and when <= now:
                _set(File, file.pk, when, when)
