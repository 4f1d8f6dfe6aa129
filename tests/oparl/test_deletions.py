"""Issue 18: deletions stay visible to syncing clients; order from 0, GeoJSON properties, licence."""

import json

import pytest
from django.utils import timezone

from motions.models import Consultation, File
from motions.services import record_soft_delete
from sessions.models import AgendaItem, Location, Meeting
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, OrganizationFactory
from tests.oparl.test_server import API, make_paper_with_everything

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://ris.example.org"


def _json(client, url):
    response = client.get(url)
    return response.status_code, json.loads(response.content)


def test_a_deleted_papers_consultations_files_and_agenda_item_links_are_served_as_deleted(client):
    body = BodyFactory()
    paper = make_paper_with_everything(body, OrganizationFactory(body=body))
    consultation = Consultation.objects.get(paper=paper)
    item = consultation.agenda_item
    files = list(File.objects.filter(paper=paper))
    status, before = _json(client, f"{API}/agendaItem/{item.pk}")
    assert before["consultation"].endswith(f"/consultation/{consultation.pk}")
    item_modified = item.modified
    since = timezone.localtime().replace(microsecond=0).isoformat()

    record_soft_delete(obj=paper)

    status, data = _json(client, f"{API}/consultation/{consultation.pk}")
    assert status == 200 and data["deleted"] is True
    for file in files:
        status, data = _json(client, f"{API}/file/{file.pk}")
        assert status == 200 and data["deleted"] is True
    status, data = _json(client, f"{API}/agendaItem/{item.pk}")
    assert "consultation" not in data
    item.refresh_from_db()
    assert item.modified > item_modified
    listed = _json(client, f"{API}/body/{body.pk}/consultation?modified_since={since.replace('+', '%2B')}")[1]
    assert [c["id"] for c in listed["data"]] == [data_id(consultation)]
    assert listed["data"][0]["deleted"] is True
    changed_items = _json(client, f"{API}/body/{body.pk}/agendaItem?modified_since={since.replace('+', '%2B')}")[1]
    assert [i["id"] for i in changed_items["data"]] == [f"https://ris.example.org{API}/agendaItem/{item.pk}"]
    meetings = _json(client, f"{API}/body/{body.pk}/meeting?modified_since={since.replace('+', '%2B')}")[1]
    assert len(meetings["data"]) == 1  # the meeting embeds the item whose link changed


def data_id(consultation):
    return f"https://ris.example.org{API}/consultation/{consultation.pk}"


def test_a_deleted_meeting_takes_its_agenda_items_and_moves_the_papers_that_named_it(client):
    body = BodyFactory()
    paper = make_paper_with_everything(body, OrganizationFactory(body=body))
    consultation = Consultation.objects.get(paper=paper)
    meeting = consultation.meeting
    old = paper.modified
    record_soft_delete(obj=meeting)
    assert AgendaItem.objects.get(meeting=meeting).deleted
    status, data = _json(client, f"{API}/agendaItem/{consultation.agenda_item_id}")
    assert status == 200 and data["deleted"] is True
    paper.refresh_from_db()
    assert paper.modified > old
    served = _json(client, f"{API}/paper/{paper.pk}")[1]
    assert "meeting" not in served["consultation"][0] and "agendaItem" not in served["consultation"][0]


def test_agenda_item_order_is_the_position_from_zero(client):
    meeting = MeetingFactory()
    for number, order in (("Ö 1", 1), ("Ö 2", 2), ("Ö 3", 7)):
        AgendaItemFactory(meeting=meeting, number=number, order=order)
    served = _json(client, f"{API}/meeting/{meeting.pk}")[1]
    assert [i["order"] for i in served["agendaItem"]] == [0, 1, 2]
    third = AgendaItem.objects.get(number="Ö 3")
    assert _json(client, f"{API}/agendaItem/{third.pk}")[1]["order"] == 2
    page = _json(client, f"{API}/body/{meeting.organization.body_id}/agendaItem")[1]
    assert [i["order"] for i in page["data"]] == [0, 1, 2]


def test_geojson_features_have_properties_and_the_system_names_its_license(client):
    location = Location.objects.create(
        description="Rathaus", geojson={"type": "Feature", "geometry": {"type": "Point", "coordinates": [6.4, 50.7]}}
    )
    meeting = MeetingFactory(location=location)
    served = _json(client, f"{API}/meeting/{meeting.pk}")[1]
    assert served["location"]["geojson"]["properties"] == {}
    assert Meeting.objects.get(pk=meeting.pk).location.geojson.get("properties") is None  # stored as it came
    assert _json(client, f"{API}/system")[1]["license"].startswith("https://")
