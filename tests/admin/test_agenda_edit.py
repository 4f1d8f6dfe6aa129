"""The agenda builder without JavaScript (issue 20): remove, rename, move, renumber and add items
without a paper, each one POST button; ids of another meeting or body are a 404 and change nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from motions.models import Consultation
from proceedings import services
from sessions.models import AgendaItem, Result
from tests.admin.conftest import grant_staff
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
    staff_user_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(council):
    meeting = MeetingFactory(organization=council.committee, start=timezone.now() + datetime.timedelta(days=7))
    papers = []
    for n in (1, 2):
        paper = PaperFactory(body=council.body, reference=f"A/000{n}/2026", name=f"Antrag {n}")
        ConsultationFactory(paper=paper, organization=council.committee, order=0)
        papers.append(paper)
    for paper in papers:
        services.agenda_item_add_consultation(meeting=meeting, consultation=paper.consultations.get())
    services.agenda_item_add_topic(meeting=meeting, name="Nichtöffentliches", public=False)
    return meeting, papers


def _url(meeting):
    return reverse("wagtailsnippets_council_sessions_meeting:agenda", args=[meeting.pk])


def _rows(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting, deleted=False).order_by("order").values_list("number", "name")
    )


def test_agenda_quick_topics_and_free_title_are_added_and_numbered(client, council, agenda):
    meeting, _papers = agenda
    client.force_login(council.staff)
    client.post(_url(meeting), {"action": "mitteilungen", "public": "1"})
    client.post(_url(meeting), {"action": "verschiedenes", "public": "1"})
    response = client.post(
        _url(meeting), {"action": "topic", "name": "Einwohnerfragestunde", "public": "1"}, follow=True
    )
    assert "„Einwohnerfragestunde“ wurde auf die Tagesordnung gesetzt." in response.content.decode()
    assert _rows(meeting) == [
        ("Ö 1", "Antrag 1"),
        ("Ö 2", "Antrag 2"),
        ("Ö 3", "Mitteilungen"),
        ("Ö 4", "Verschiedenes"),
        ("Ö 5", "Einwohnerfragestunde"),
        ("N 1", "Nichtöffentliches"),
    ]


def test_agenda_rename_changes_the_title_only(client, council, agenda):
    meeting, papers = agenda
    item = AgendaItem.objects.get(meeting=meeting, number="Ö 2")
    client.force_login(council.staff)
    response = client.post(
        _url(meeting), {"action": "rename", "item": item.pk, "name": "Antrag 2 (geändert)"}, follow=True
    )
    assert "Ö 2 heißt jetzt „Antrag 2 (geändert)“." in response.content.decode()
    assert _rows(meeting)[1] == ("Ö 2", "Antrag 2 (geändert)")
    papers[1].refresh_from_db()
    assert papers[1].name == "Antrag 2"
    response = client.post(_url(meeting), {"action": "rename", "item": item.pk, "name": "  "}, follow=True)
    assert "Bitte ein Thema für den Tagesordnungspunkt angeben." in response.content.decode()
    assert _rows(meeting)[1] == ("Ö 2", "Antrag 2 (geändert)")


def test_agenda_remove_frees_the_paper_and_renumbers(client, council, agenda):
    meeting, papers = agenda
    item = AgendaItem.objects.get(meeting=meeting, number="Ö 1")
    client.force_login(council.staff)
    response = client.post(_url(meeting), {"action": "remove", "item": item.pk}, follow=True)
    assert "Ö 1 „Antrag 1“ wurde von der Tagesordnung genommen." in response.content.decode()
    assert _rows(meeting) == [("Ö 1", "Antrag 2"), ("N 1", "Nichtöffentliches")]
    item.refresh_from_db()
    assert item.deleted
    step = Consultation.objects.get(paper=papers[0])
    assert step.agenda_item_id is None and step.meeting_id is None
    # ... and the paper is proposed again
    assert "A/0001/2026" in client.get(_url(meeting)).content.decode().split("Vorschläge aus der Beratungsfolge")[1]


def test_agenda_item_with_result_cannot_be_removed(council, agenda):
    meeting, _papers = agenda
    item = AgendaItem.objects.get(meeting=meeting, number="N 1")
    AgendaItem.objects.filter(pk=item.pk).update(result=Result.NOTED)
    item.refresh_from_db()
    with pytest.raises(Exception, match="schon ein Ergebnis"):
        services.agenda_item_remove(item=item)
    assert not AgendaItem.objects.get(pk=item.pk).deleted


def test_agenda_move_stays_within_its_part(client, council, agenda):
    meeting, _papers = agenda
    client.force_login(council.staff)
    second = AgendaItem.objects.get(meeting=meeting, number="Ö 2")
    client.post(_url(meeting), {"action": "up", "item": second.pk})
    assert _rows(meeting) == [("Ö 1", "Antrag 2"), ("Ö 2", "Antrag 1"), ("N 1", "Nichtöffentliches")]
    # the last public item moved down does not cross into the non-public part
    client.post(_url(meeting), {"action": "down", "item": AgendaItem.objects.get(meeting=meeting, number="Ö 2").pk})
    assert _rows(meeting) == [("Ö 1", "Antrag 2"), ("Ö 2", "Antrag 1"), ("N 1", "Nichtöffentliches")]


def test_agenda_renumber_recomputes_numbers(client, council, agenda):
    meeting, _papers = agenda
    AgendaItem.objects.filter(meeting=meeting).update(number="")
    client.force_login(council.staff)
    response = client.post(_url(meeting), {"action": "renumber"}, follow=True)
    assert "Die Tagesordnung wurde neu nummeriert." in response.content.decode()
    assert [n for n, _ in _rows(meeting)] == ["Ö 1", "Ö 2", "N 1"]


def test_agenda_labels_do_not_repeat_the_organization(client, council, agenda):
    meeting, _papers = agenda
    other = PaperFactory(body=council.body, reference="A/0009/2026")
    ConsultationFactory(paper=other, organization=council.committee, order=0)
    client.force_login(council.staff)
    html = client.get(_url(meeting)).content.decode()
    assert f"bei {council.committee.name}" not in html


@pytest.mark.parametrize("action", ["remove", "rename", "up", "down", "public", "nonpublic"])
def test_agenda_forged_item_of_another_body_is_404_and_nothing_changes(client, council, agenda, action):
    meeting, _papers = agenda
    foreign = BodyFactory(name="Stadt Anderswo", slug="anderswo")
    foreign_meeting = MeetingFactory(
        organization=OrganizationFactory(body=foreign, name="Rat Anderswo"),
        start=timezone.now() + datetime.timedelta(days=3),
    )
    foreign_item = services.agenda_item_add_topic(meeting=foreign_meeting, name="Fremdes Thema")
    own_other_meeting_item = services.agenda_item_add_topic(
        meeting=MeetingFactory(organization=council.council, start=timezone.now() + datetime.timedelta(days=9)),
        name="Anderer Rat",
    )
    client.force_login(council.staff)
    for forged in (foreign_item.pk, own_other_meeting_item.pk, "x", ""):
        response = client.post(_url(meeting), {"action": action, "item": forged, "name": "Gekapert"})
        assert response.status_code == 404
    for item in (foreign_item, own_other_meeting_item):
        fresh = AgendaItem.objects.get(pk=item.pk)
        assert (fresh.name, fresh.deleted, fresh.public, fresh.number) == (item.name, False, True, "Ö 1")


def test_agenda_of_another_body_is_404(client, council):
    foreign = BodyFactory(name="Stadt Anderswo", slug="anderswo")
    grant_staff(staff_user_for(foreign, username="fremd").groups.first())
    foreign_meeting = MeetingFactory(
        organization=OrganizationFactory(body=foreign, name="Rat Anderswo"),
        start=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(council.staff)
    response = client.post(_url(foreign_meeting), {"action": "mitteilungen", "public": "1"})
    assert response.status_code == 404
    assert not AgendaItem.objects.filter(meeting=foreign_meeting).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_agenda_builder_works_from_the_keyboard(page, live_server, council, admin_login):
    meeting = MeetingFactory(organization=council.committee, start=timezone.now() + datetime.timedelta(days=7))
    for name in ("Eröffnung", "Bericht"):
        services.agenda_item_add_topic(meeting=meeting, name=name)
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}{_url(meeting)}")
    title = page.get_by_label("Thema von Ö 2")
    title.fill("Bericht der Verwaltung")
    with page.expect_navigation():
        title.press("Enter")  # Enter in the field renames; it does not move or remove
    assert _rows(meeting) == [("Ö 1", "Eröffnung"), ("Ö 2", "Bericht der Verwaltung")]
    page.get_by_role("button", name="Ö 2 nach oben").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _rows(meeting) == [("Ö 1", "Bericht der Verwaltung"), ("Ö 2", "Eröffnung")]
    page.get_by_role("button", name="Verschiedenes").focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.get_by_role("button", name="Ö 1 entfernen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _rows(meeting) == [("Ö 1", "Eröffnung"), ("Ö 2", "Verschiedenes")]
    assert "wurde von der Tagesordnung genommen" in page.locator(".messages").inner_text()
