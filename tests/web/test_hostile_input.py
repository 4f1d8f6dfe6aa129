"""Hostile input (issue 14): control characters in query parameters and in stored titles break no
page, feed, calendar, CSV or JSON answer, and feed and CSV links point at SITE_URL."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from motions.models import Paper
from sessions.models import Meeting, Organization
from tests.factories import MeetingFactory, OrganizationFactory, PaperFactory, PersonFactory

pytestmark = pytest.mark.django_db

CONTROL = ["%00", "%01", "%1B", "%0B", "%7F", "a%00b"]
VERTICAL_TAB = "Haushalt 2025\x0bZweite Zeile\x01\x1b[31m"


@pytest.fixture
def stored():
    """A paper, organization and meeting whose names carry control characters, written as an old
    import would have left them (``update`` does not pass the model's cleaning)."""
    organization = OrganizationFactory(name="Hauptausschuss")
    person = PersonFactory(body=organization.body, name="Erika Muster")
    paper = PaperFactory(body=organization.body, name="Vorlage")
    paper.originator_persons.add(person)
    meeting = MeetingFactory(organization=organization)
    Paper.objects.filter(pk=paper.pk).update(name=VERTICAL_TAB)
    Organization.objects.filter(pk=organization.pk).update(name="Haupt\x0bausschuss\x02")
    Meeting.objects.filter(pk=meeting.pk).update(name="Sitzung\x0b\x07")
    return {
        "paper": paper,
        "organization": organization,
        "meeting": meeting,
        "body": organization.body,
        "person": person,
    }


@pytest.mark.parametrize("value", CONTROL)
@pytest.mark.parametrize(
    "path",
    [
        "/feeds/vorlagen/",
        "/feeds/vorlagen/atom/",
        "/vorlagen/",
        "/sitzungen/",
        "/suche/",
        "/api/search",
        "/vorlagen/export.csv",
        "/sitzungen/export.csv",
        "/personen/",
        "/gremien/",
        "/kalender/",
    ],
)
def test_control_characters_in_query_parameters_are_no_error(client, stored, path, value):
    response = client.get(f"{path}?q={value}&monat={value}&gremium={value}&art={value}&jahr={value}")
    assert response.status_code in {200, 404}, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"\x00" not in body and b"\x01" not in body and b"\x1b" not in body


def _feed_paths(stored):
    return [
        "/feeds/vorlagen/",
        "/feeds/vorlagen/atom/",
        f"/feeds/koerperschaften/{stored['body'].slug}/vorlagen/",
        f"/feeds/gremien/{stored['organization'].pk}/vorlagen/",
        f"/feeds/personen/{stored['person'].pk}/vorlagen/",
        f"/abo/rss/vorlage/{stored['paper'].pk}/",
    ]


def test_stored_title_with_control_characters_keeps_every_feed_valid_xml(client, stored):
    for path in _feed_paths(stored):
        response = client.get(path)
        assert response.status_code == 200, path
        ET.fromstring(response.content)  # well-formed XML 1.0


def test_feed_shows_the_title_with_the_line_break_as_space(client, stored):
    root = ET.fromstring(client.get("/feeds/vorlagen/").content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert any("Haushalt 2025" in t and "Zweite Zeile" in t for t in titles)


def test_stored_title_with_control_characters_keeps_ical_csv_json_and_pages_clean(client, stored):
    ical = client.get("/feeds/sitzungen.ics")
    assert ical.status_code == 200 and b"\x07" not in ical.content and b"\x0b" not in ical.content
    Calendar.from_ical(ical.content)
    for path in ("/vorlagen/export.csv", "/sitzungen/export.csv"):
        response = client.get(path)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "\x00" not in text and "\x0b" not in text and "\x1b" not in text
        list(csv.reader(io.StringIO(text), delimiter=";"))
    for path in (stored["paper"].get_absolute_url(), stored["meeting"].get_absolute_url(), "/vorlagen/", "/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200 and b"\x0b" not in response.content and b"\x00" not in response.content
    data = client.get("/api/search", {"q": "Haushalt"})
    assert data.status_code == 200
    json.loads(data.content)


def test_feed_and_csv_links_use_site_url_not_the_host_header(client, stored, settings):
    settings.SITE_URL = "https://ris.example.org"
    settings.ALLOWED_HOSTS = ["evil.example.com", "testserver"]
    root = ET.fromstring(client.get("/feeds/vorlagen/", HTTP_HOST="evil.example.com").content)
    links = [link.text for link in root.iter("link")]
    assert links and all(link.startswith("https://ris.example.org/") for link in links), links
    atom = client.get("/feeds/vorlagen/atom/", HTTP_HOST="evil.example.com").content.decode()
    assert "evil.example.com" not in atom
    text = b"".join(client.get("/vorlagen/export.csv", HTTP_HOST="evil.example.com").streaming_content).decode()
    assert "evil.example.com" not in text and "https://ris.example.org/vorlagen/" in text


def test_saving_a_title_cleans_control_characters_and_keeps_line_breaks_as_text(stored):
    paper = PaperFactory(name="Antrag\x0bzur Sache\x00\x1b", body=stored["body"])
    paper.refresh_from_db()
    assert paper.name == "Antrag\nzur Sache"


def test_saving_a_long_text_keeps_its_page_breaks(stored):
    from motions.models import File
    from tests.factories import FileFactory

    file = FileFactory(body=stored["body"], text="Seite eins\x00\n\fSeite zwei\x0b")
    file.refresh_from_db()
    assert file.text == "Seite eins\n\fSeite zwei\n" and File.objects.filter(pk=file.pk).exists()
