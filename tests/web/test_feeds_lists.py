"""Lists, calendar, feeds, iCal, sitemap, robots.txt and the editorial pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from icalendar import Calendar

from motions.models import PaperType
from tests.factories import BodyFactory, ConsultationFactory, MeetingFactory, OrganizationFactory, PaperFactory
from web.sitemaps import PaperSitemap

pytestmark = pytest.mark.django_db


def test_home_links_feeds_and_calendar_and_shows_explainer(client, demo):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert '<link rel="alternate" type="text/calendar"' in html
    assert 'property="og:title"' in html
    assert "Die Bürgerinnen und Bürger wählen den Stadtrat." in html
    assert 'action="/suche/"' in html
    assert "Sitzung des Stadtrates (Demo)" in html  # an upcoming meeting


def test_content_pages_are_served_and_editable_pages(client, demo):
    from web.models import ContentPage

    assert set(ContentPage.objects.live().values_list("slug", flat=True)) >= {
        "hilfe",
        "impressum",
        "datenschutz",
        "wie-funktioniert-der-stadtrat",
    }
    html = client.get("/wie-funktioniert-der-stadtrat/").content.decode()
    assert "Beratungsfolge" in html and "<h1>Wie funktioniert der Stadtrat?</h1>" in html


def test_paper_list_filters_by_type_and_paginates(client):
    body = BodyFactory()
    for _ in range(30):
        PaperFactory(body=body, paper_type=PaperType.MOTION)
    PaperFactory(body=body, paper_type=PaperType.INQUIRY, name="Die einzige Anfrage")
    html = client.get("/vorlagen/?art=anfrage").content.decode()
    assert "Die einzige Anfrage" in html and "1 Vorlage" in html
    page1 = client.get("/vorlagen/?art=antrag").content.decode()
    assert "30 Vorlagen" in page1 and "Seite 1 von 2" in page1 and "?art=antrag&amp;seite=2" in page1
    assert "Seite 2 von 2" in client.get("/vorlagen/?art=antrag&seite=2").content.decode()


def test_paper_list_filters_by_consulting_organization(client):
    org = OrganizationFactory()
    ConsultationFactory(paper=PaperFactory(body=org.body, name="Im Ausschuss beraten"), organization=org)
    PaperFactory(body=org.body, name="Anderswo beraten")
    html = client.get(f"/vorlagen/?gremium={org.pk}").content.decode()
    assert "Im Ausschuss beraten" in html and "Anderswo beraten" not in html


def test_list_with_bad_filter_values_is_not_an_error(client):
    for url in ["/vorlagen/?jahr=abc&gremium=x&seite=999", "/sitzungen/?zeit=gestern&koerperschaft=nix"]:
        assert client.get(url).status_code == 200, url


def test_meeting_list_upcoming_and_past(client):
    org = OrganizationFactory(name="Bauausschuss")
    MeetingFactory(organization=org, start=timezone.now() + datetime.timedelta(days=5), name="Zukunftssitzung")
    MeetingFactory(organization=org, start=timezone.now() - datetime.timedelta(days=5), name="Vergangene Sitzung")
    upcoming = client.get("/sitzungen/?zeit=kommende").content.decode()
    assert "Zukunftssitzung" in upcoming and "Vergangene Sitzung" not in upcoming


def test_calendar_month_and_list_show_the_meeting_on_its_day(client):
    MeetingFactory(name="Februarsitzung")  # 21.02.2024, 17:00
    month = client.get("/kalender/?monat=2024-02").content.decode()
    assert "17:00" in month and "Februar 2024" in month
    listing = client.get("/kalender/liste/?monat=2024-02").content.decode()
    assert "Februarsitzung" in listing and "21.02.2024" in listing
    assert "Februarsitzung" not in client.get("/kalender/liste/?monat=2024-03").content.decode()


def test_calendar_with_bad_month_is_friendly_404(client):
    response = client.get("/kalender/?monat=2024-13")
    assert response.status_code == 404 and "Seite nicht gefunden" in response.content.decode()


def test_rss_feed_lists_new_papers_with_links(client):
    paper = PaperFactory(name="Neue Vorlage im Feed")
    response = client.get("/feeds/vorlagen/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [str(paper)]
    assert items[0].findtext("link").endswith(paper.get_absolute_url())


def test_atom_and_per_body_and_per_organization_feeds(client):
    org = OrganizationFactory()
    mine = PaperFactory(body=org.body, name="Vorlage des Ausschusses")
    ConsultationFactory(paper=mine, organization=org)
    PaperFactory(name="Fremde Vorlage")
    assert client.get("/feeds/vorlagen/atom/")["Content-Type"].startswith("application/atom+xml")
    org_feed = client.get(f"/feeds/gremien/{org.pk}/vorlagen/").content.decode()
    assert "Vorlage des Ausschusses" in org_feed and "Fremde Vorlage" not in org_feed
    body_feed = client.get(f"/feeds/koerperschaften/{org.body.slug}/vorlagen/").content.decode()
    assert "Vorlage des Ausschusses" in body_feed and "Fremde Vorlage" not in body_feed
    assert client.get("/feeds/gremien/999999/vorlagen/").status_code == 404


def test_ical_has_each_meeting_with_link_back(client):
    org = OrganizationFactory(name="Kulturausschuss")
    meeting = MeetingFactory(organization=org, start=timezone.now() + datetime.timedelta(days=3))
    MeetingFactory(start=timezone.now() + datetime.timedelta(days=4))
    response = client.get(f"/feeds/gremien/{org.pk}/sitzungen.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["url"]).endswith(meeting.get_absolute_url())
    assert events[0]["dtstart"].dt == meeting.start.replace(microsecond=0)
    assert len(Calendar.from_ical(client.get("/feeds/sitzungen.ics").content).walk("VEVENT")) == 2


def test_sitemap_index_is_paginated(client, monkeypatch):
    monkeypatch.setattr(PaperSitemap, "limit", 2)
    papers = [PaperFactory() for _ in range(5)]
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-vorlagen.xml?p=3" in index
    page3 = client.get("/sitemap-vorlagen.xml?p=3").content.decode()
    assert papers[4].get_absolute_url() in page3 and papers[0].get_absolute_url() not in page3


def test_robots_txt_points_at_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_bad_urls_of_every_kind_are_friendly_404s(client):
    for url in [
        "/sitzungen/999999/dokumente.zip",
        "/feeds/koerperschaften/gibt-es-nicht/vorlagen/",
        "/feeds/gremien/999999/sitzungen.ics",
        "/gremien/999999/x/",
        "/personen/999999/x/",
        "/koerperschaften/nirgendwo/",
        "/dateien/999999/",
        "/sitemap-gibtsnicht.xml",
        "/sitemap-vorlagen.xml?p=abc",
        "/kalender/liste/?monat=13-2024",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Seite nicht gefunden" in response.content.decode(), url


def test_ensure_content_pages_creates_missing_pages_once_and_keeps_edits(client):
    from io import StringIO

    from django.core.management import call_command

    from web.models import ContentPage

    call_command("ensure_content_pages", stdout=StringIO())
    help_page = ContentPage.objects.get(slug="hilfe")
    help_page.title = "Hilfe (bearbeitet)"
    help_page.save_revision().publish()
    call_command("ensure_content_pages", stdout=StringIO())
    assert ContentPage.objects.filter(slug="hilfe").count() == 1
    assert "Hilfe (bearbeitet)" in client.get("/hilfe/").content.decode()


def test_calendar_for_one_organization_leaves_out_the_others(client):
    org = OrganizationFactory(name="Sportausschuss")
    MeetingFactory(organization=org, name="Sportsitzung")
    MeetingFactory(name="Andere Sitzung")
    html = client.get(f"/kalender/liste/?monat=2024-02&gremium={org.pk}").content.decode()
    assert "Sportsitzung" in html and "Andere Sitzung" not in html
    assert client.get("/kalender/?gremium=999999").status_code == 404


def test_person_feed_lists_the_papers_they_originated_and_the_page_points_to_it(client):
    from tests.factories import PersonFactory

    person = PersonFactory(name="Erika Muster")
    theirs = PaperFactory(body=person.body, name="Antrag von Erika Muster")
    theirs.originator_persons.add(person)
    PaperFactory(body=person.body, name="Antrag von jemand anderem")
    feed = client.get(f"/feeds/personen/{person.pk}/vorlagen/").content.decode()
    assert "Antrag von Erika Muster" in feed and "jemand anderem" not in feed
    page = client.get(person.get_absolute_url()).content.decode()
    assert (
        f'type="application/rss+xml" title="Neue Vorlagen von Erika Muster" href="/feeds/personen/{person.pk}/vorlagen/"'
        in page
    )
