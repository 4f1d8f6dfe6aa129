"""iCalendar (RFC 5545) of meetings, all or per organization, built with the ``icalendar``
library. Events come from ``Meeting.objects.visible_to(user)``; each links back to its page.
A feed is cached for the public access class like the pages' bodies (``ris/page_cache.py``), and
built from each event's cached text, so a change renders one event, not the whole feed again."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ris import access, page_cache
from ris.control_chars import clean
from sessions.models import Meeting, Organization

DEFAULT_DURATION = datetime.timedelta(hours=2)
# Subscribers want what is coming; the recent past stays in for context, older meetings are on the site.
LOOKBACK = datetime.timedelta(days=90)
MAX_EVENTS = 1000


def _header(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//RIS Ratsinformationssystem//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", clean(name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _event(meeting: Meeting) -> Event:
    base = settings.SITE_URL
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{base.split('://', 1)[-1]}")
    body = meeting.organization.body.name if meeting.organization.body_id else ""
    # The calendar names the body: "Stadtrat" alone is ambiguous where several bodies publish.
    event.add("summary", clean(f"{meeting.title} ({body})" if body else str(meeting.title)))
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end or meeting.start + DEFAULT_DURATION)
    event.add("dtstamp", meeting.record_modified)
    event.add("last-modified", meeting.record_modified)
    url = base + meeting.get_absolute_url()
    event.add("url", url)
    event.add("description", clean(f"{meeting.organization.name} · {body} · {meeting.get_state_display()}\n{url}"))
    if meeting.location_id:
        event.add("location", clean(str(meeting.location)))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return event


def _calendar(*, name: str, meetings) -> Calendar:
    cal = _header(name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return cal


def _event_key(meeting: Meeting) -> str:
    stamps = (meeting.modified, meeting.organization.modified, meeting.organization.body.modified)
    parts = ":".join(str(s.timestamp()) if s else "0" for s in stamps)
    return f"ris:ical-event:{meeting.pk}:{parts}:{meeting.location_id or 0}:{get_language()}"


def _incremental(*, name: str, meetings, user) -> bytes:
    """The feed from each event's cached text: a new or changed meeting is the only one rendered
    (``icalendar`` costs about 0.2 ms per event). Only for readers of the public class, whose
    meetings are all public, so no non-public meeting's event enters the cache."""
    meetings = list(meetings)
    if access.access_class(user) != access.PUBLIC or not settings.RIS_PAGE_CACHE_SECONDS:
        return _calendar(name=name, meetings=meetings).to_ical()
    keys = [_event_key(m) for m in meetings]
    try:
        found = cache.get_many(keys)
    except Exception:  # an unreachable cache: render instead of failing
        found = {}
    missing = {}
    for meeting, key in zip(meetings, keys, strict=True):
        if key not in found:
            missing[key] = found[key] = _event(meeting).to_ical()
    if missing:
        try:
            cache.set_many(missing, settings.RIS_PAGE_CACHE_SECONDS * 6)
        except Exception:
            pass
    head = _header(name).to_ical()
    end = b"END:VCALENDAR\r\n"
    return head[: -len(end)] + b"".join(found[k] for k in keys) + end


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _meetings(user, organization=None):
    meetings = Meeting.objects.visible_to(user).filter(start__gte=timezone.now() - LOOKBACK)
    if organization is not None:
        meetings = meetings.filter(organization=organization)
    return meetings.select_related("organization__body", "location").order_by("start")[:MAX_EVENTS]


def meetings_ical(request):
    body = page_cache.cached(
        name="ical",
        obj=None,
        user=request.user,
        build=lambda: _incremental(name=_("Sitzungen"), meetings=_meetings(request.user), user=request.user),
    )
    return _response(body, "sitzungen.ics")


def organization_ical(request, pk):
    organization = get_object_or_404(Organization.objects.alive(), pk=pk)
    body = page_cache.cached(
        name="ical",
        obj=organization,
        user=request.user,
        build=lambda: _incremental(
            name=organization.name, meetings=_meetings(request.user, organization), user=request.user
        ),
    )
    return _response(body, f"sitzungen-{organization.pk}.ics")
