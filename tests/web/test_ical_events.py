"""The iCal feeds built from each meeting's cached event: the same calendar as a full build,
a changed meeting shows at once, every event names its body."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from icalendar import Calendar

from tests.factories import BodyFactory, MeetingFactory, OrganizationFactory
from web import ical

pytestmark = pytest.mark.django_db


def _soon(days: int):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def meetings():
    first, second = BodyFactory(name="Stadt Aschersleben"), BodyFactory(name="Stadt Altenburg")
    return [
        MeetingFactory(organization=OrganizationFactory(body=first, name="Stadtrat"), start=_soon(3)),
        MeetingFactory(organization=OrganizationFactory(body=second, name="Stadtrat"), start=_soon(5)),
        MeetingFactory(organization=OrganizationFactory(body=first, name="Hauptausschuss"), start=_soon(7)),
    ]


def _summaries(content: bytes) -> list[str]:
    return [str(e["summary"]) for e in Calendar.from_ical(content).walk("VEVENT")]


def test_incremental_feed_equals_a_full_build(client, meetings):
    first = client.get("/feeds/sitzungen.ics").content  # fills the event cache
    client.get("/feeds/sitzungen.ics")
    full = ical._calendar(name="Sitzungen", meetings=ical._meetings(AnonymousUser())).to_ical()
    assert Calendar.from_ical(first).to_ical() == Calendar.from_ical(full).to_ical()


def test_each_event_names_its_body(client, meetings):
    summaries = _summaries(client.get("/feeds/sitzungen.ics").content)
    assert any("(Stadt Aschersleben)" in s for s in summaries)
    assert any("(Stadt Altenburg)" in s for s in summaries)


def test_a_changed_meeting_shows_at_once_beside_cached_events(client, meetings):
    client.get("/feeds/sitzungen.ics")
    meeting = meetings[1]
    meeting.start = _soon(9)
    meeting.end = None
    meeting.save()
    events = Calendar.from_ical(client.get("/feeds/sitzungen.ics").content).walk("VEVENT")
    starts = {str(e["uid"]).split("@")[0]: e.decoded("dtstart") for e in events}
    assert abs(starts[f"meeting-{meeting.pk}"] - meeting.start) < datetime.timedelta(seconds=1)
    assert len(events) == 3
