"""iCalendar (RFC 5545) of meetings, all or per organization, built with the ``icalendar``
library. Events come from ``Meeting.objects.visible_to(user)``; each links back to its page.
A feed is cached for the public access class like the pages' bodies (``web/page_cache.py``)."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from sessions.models import Meeting, Organization
from web import page_cache

DEFAULT_DURATION = datetime.timedelta(hours=2)
# Subscribers want what is coming; the recent past stays in for context, older meetings are on the site.
LOOKBACK = datetime.timedelta(days=90)
MAX_EVENTS = 1000


def _calendar(*, name: str, meetings) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//RIS Ratsinformationssystem//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    base = settings.SITE_URL
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{base.split('://', 1)[-1]}")
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end or meeting.start + DEFAULT_DURATION)
        event.add("dtstamp", meeting.record_modified)
        event.add("last-modified", meeting.record_modified)
        url = base + meeting.get_absolute_url()
        event.add("url", url)
        event.add("description", f"{meeting.organization.name} · {meeting.get_state_display()}\n{url}")
        if meeting.location_id:
            event.add("location", str(meeting.location))
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        cal.add_component(event)
    return cal


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _meetings(user, organization=None):
    meetings = Meeting.objects.visible_to(user).filter(start__gte=timezone.now() - LOOKBACK)
    if organization is not None:
        meetings = meetings.filter(organization=organization)
    return meetings.select_related("organization", "location").order_by("start")[:MAX_EVENTS]


def meetings_ical(request):
    body = page_cache.cached(
        name="ical",
        obj=None,
        user=request.user,
        build=lambda: _calendar(name=_("Sitzungen"), meetings=_meetings(request.user)).to_ical(),
    )
    return _response(body, "sitzungen.ics")


def organization_ical(request, pk):
    organization = get_object_or_404(Organization.objects.alive(), pk=pk)
    body = page_cache.cached(
        name="ical",
        obj=organization,
        user=request.user,
        build=lambda: _calendar(name=organization.name, meetings=_meetings(request.user, organization)).to_ical(),
    )
    return _response(body, f"sitzungen-{organization.pk}.ics")
