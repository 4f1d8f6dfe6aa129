"""Results for a whole meeting on one screen (issue 20): one POST records every changed item through
the service; an impossible vote is an error at its item with what was typed, the others are saved."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motions.models import PaperState
from proceedings.documents import minutes_draft, minutes_public_text
from proceedings.models import RecordStatement
from sessions.models import AgendaItem, MeetingState, Result, Vote
from tests.factories import AgendaItemFactory, ConsultationFactory, MeetingFactory, PaperFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_meeting(council):
    meeting = MeetingFactory(
        organization=council.committee, start=timezone.now() - datetime.timedelta(hours=3), state=MeetingState.INVITED
    )
    items = []
    for number, name in (("Ö 1", "Spielplatz Nord"), ("Ö 2", "Parkgebühren"), ("Ö 3", "Marktordnung")):
        paper = PaperFactory(body=council.body, name=name)
        item = AgendaItemFactory(meeting=meeting, number=number, name=name)
        ConsultationFactory(
            paper=paper, organization=council.committee, authoritative=True, meeting=meeting, agenda_item=item
        )
        items.append(item)
    return meeting, items


def _page_data(client, url):
    """What the browser would send: every field of the one results form, as rendered."""
    html = client.get(url).content.decode()
    form = html[html.index('id="results-form"') :]
    data = {}
    for name, value in re.findall(r'<input type="number" name="([^"]+)"(?: value="([^"]*)")?', form):
        data[name] = value
    for name in re.findall(r'<select name="(item-[^"]+)"', form):
        selected = re.search(rf'<select name="{re.escape(name)}".*?</select>', form, flags=re.S).group(0)
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', selected)
        data[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<textarea name="([^"]+)"', form):
        data[name] = ""
    data["action"] = "results"
    return data


def _section(html, item):
    start = html.index(f'<section id="item-{item.pk}"')
    return html[start : html.index("</section>", start)]


def test_one_post_saves_the_possible_results_and_keeps_the_impossible_one_at_its_item(client, council, held_meeting):
    meeting, (first, second, third) = held_meeting
    url = reverse("wagtailsnippets_council_sessions_meeting:results", args=[meeting.pk])
    client.force_login(council.staff)
    data = _page_data(client, url)
    assert {f"item-{i.pk}-result" for i in (first, second, third)} <= set(data)
    data.update(
        {
            f"item-{first.pk}-result": Result.ADOPTED,
            f"item-{first.pk}-yes": "5",
            f"item-{first.pk}-no": "2",
            f"item-{first.pk}-abstain": "0",
            f"item-{second.pk}-result": Result.ADOPTED,
            f"item-{second.pk}-yes": "40",  # the committee has 9 seats
            f"item-{second.pk}-no": "0",
            f"item-{third.pk}-result": Result.REJECTED,
            f"item-{third.pk}-unanimous": "on",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nicht gespeichert: Ö 2" in html
    assert "Ergebnis für Ö 1 gespeichert." in html and "Ergebnis für Ö 3 gespeichert." in html
    refused = _section(html, second)
    assert 'role="alert"' in refused and 'value="40"' in refused  # the error at its item, the input kept
    assert 'role="alert"' not in _section(html, first)
    assert AgendaItem.objects.get(pk=first.pk).result == Result.ADOPTED
    assert AgendaItem.objects.get(pk=third.pk).result == Result.REJECTED
    assert AgendaItem.objects.get(pk=second.pk).result == ""
    assert not Vote.objects.filter(agenda_item=second).exists()
    vote = Vote.objects.get(agenda_item=first, deleted=False)
    assert (vote.yes, vote.no, vote.abstain) == (5, 2, 0)
    assert third.consultations.get().paper.state == PaperState.REJECTED

    # The corrected item alone is recorded again; the saved ones, unchanged, are not recorded twice.
    data[f"item-{second.pk}-yes"] = "6"
    votes_before = Vote.objects.count()
    response = client.post(url, data, follow=True)
    assert response.redirect_chain and "Ergebnis für Ö 2 gespeichert." in response.content.decode()
    assert AgendaItem.objects.get(pk=second.pk).result == Result.ADOPTED
    assert Vote.objects.count() == votes_before + 1
    assert Vote.objects.filter(agenda_item=first).count() == 1


def test_a_post_without_changes_records_nothing(client, council, held_meeting):
    meeting, items = held_meeting
    url = reverse("wagtailsnippets_council_sessions_meeting:results", args=[meeting.pk])
    client.force_login(council.staff)

    response = client.post(url, _page_data(client, url), follow=True)

    assert "Keine Ergebnisse geändert." in response.content.decode()
    assert not Vote.objects.exists()
    assert all(item.result == "" for item in AgendaItem.objects.filter(meeting=meeting))


def test_statements_for_the_record_are_stored_per_item_and_reach_the_minutes(client, council, held_meeting):
    meeting, (first, second, third) = held_meeting
    member = PersonFactory(body=council.body, given_name="Ina", family_name="Rat", name="Ina Rat")
    secret = AgendaItemFactory(meeting=meeting, number="N 1", name="Grundstücksankauf", public=False, order=10)
    url = reverse("wagtailsnippets_council_sessions_meeting:results", args=[meeting.pk])
    client.force_login(council.staff)
    data = _page_data(client, url)
    assert f"item-{first.pk}-statements" in data
    data.update(
        {
            f"item-{first.pk}-result": Result.ADOPTED,
            f"item-{first.pk}-unanimous": "on",
            f"item-{first.pk}-statements": "ina rat: Ich stimme nur unter Vorbehalt der Finanzierung zu.\n"
            "Bernd Gast (Bürgerverein):  Der Spielplatz   fehlt seit Jahren.",
            # A statement without a result: Mitteilungen have none.
            f"item-{second.pk}-statements": "Ina Rat: Bitte die Gebühren im Ausschuss erneut beraten.",
            f"item-{third.pk}-statements": "ohne Namen und Doppelpunkt",
            f"item-{secret.pk}-statements": "Ina Rat: Der Kaufpreis ist zu hoch.",
        }
    )

    response = client.post(url, data)

    html = response.content.decode()
    assert "Nicht gespeichert: Ö 3" in html
    assert "Name: Erklärung" in _section(html, third) and 'role="alert"' in _section(html, third)
    assert "Erklärungen zu Protokoll für Ö 2 gespeichert." in html
    stored = list(RecordStatement.objects.filter(agenda_item=first).order_by("order"))
    assert [(s.speaker, s.person, s.text) for s in stored] == [
        ("ina rat", member, "Ich stimme nur unter Vorbehalt der Finanzierung zu."),
        ("Bernd Gast (Bürgerverein)", None, "Der Spielplatz   fehlt seit Jahren."),
    ]
    assert AgendaItem.objects.get(pk=second.pk).result == ""  # no result was asked for
    assert not RecordStatement.objects.filter(agenda_item=third).exists()
    assert client.get(url).content.decode().count("Ina Rat: Bitte die Gebühren") == 1  # shown again to edit

    text = minutes_draft(meeting=meeting)
    assert "Erklärung zu Protokoll von ina rat: Ich stimme nur unter Vorbehalt der Finanzierung zu." in text
    assert "Erklärung zu Protokoll von Bernd Gast (Bürgerverein): Der Spielplatz fehlt seit Jahren." in text
    assert "Erklärung zu Protokoll von Ina Rat: Bitte die Gebühren im Ausschuss erneut beraten." in text
    assert "Der Kaufpreis ist zu hoch." in text  # the members' version keeps the non-public item
    assert text.count("Erklärungen zu Protokoll: keine") == 1  # Ö 3
    public = minutes_public_text(meeting=meeting, text=text)
    assert "Kaufpreis" not in public and "Spielplatz fehlt" in public

    # Emptying the field removes the item's statements; an unchanged one records nothing.
    data = _page_data(client, url)
    data[f"item-{second.pk}-statements"] = ""
    data[f"item-{first.pk}-statements"] = "\n".join(f"{s.speaker}: {s.text}" for s in stored)
    data[f"item-{secret.pk}-statements"] = "Ina Rat: Der Kaufpreis ist zu hoch."
    client.post(url, data)
    assert not RecordStatement.objects.filter(agenda_item=second).exists()
    assert [s.pk for s in RecordStatement.objects.filter(agenda_item=first).order_by("order")] == [s.pk for s in stored]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_whole_meeting_results_in_the_browser_with_one_click(page, live_server, council, admin_login, held_meeting):
    meeting, (first, second, third) = held_meeting
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/council_sessions/meeting/results/{meeting.pk}/")
    page.select_option(f"#id_item-{first.pk}-result", Result.ADOPTED)
    page.check(f"#id_item-{first.pk}-unanimous")
    page.select_option(f"#id_item-{second.pk}-result", Result.ADOPTED)
    page.fill(f"#id_item-{second.pk}-yes", "3")
    page.fill(f"#id_item-{second.pk}-no", "1")
    page.check(f"#id_item-{second.pk}-unanimous")  # einstimmig with a no-vote cannot be
    page.select_option(f"#id_item-{third.pk}-result", Result.POSTPONED)
    with page.expect_navigation():
        page.get_by_role("button", name="Alle Ergebnisse speichern").click()

    messages = page.locator(".messages").inner_text()
    assert "Ergebnis für Ö 1 gespeichert." in messages and "Ergebnis für Ö 3 gespeichert." in messages
    assert "Nicht gespeichert: Ö 2" in messages
    assert "einstimmig" in page.locator(f"#item-{second.pk} [role=alert]").first.inner_text()
    assert page.locator(f"#id_item-{second.pk}-no").input_value() == "1"
    assert AgendaItem.objects.get(pk=first.pk).result == Result.ADOPTED
    assert AgendaItem.objects.get(pk=third.pk).result == Result.POSTPONED
    assert AgendaItem.objects.get(pk=second.pk).result == ""

    page.uncheck(f"#id_item-{second.pk}-unanimous")
    with page.expect_navigation():
        page.locator(f"#id_item-{second.pk}-no").press("Enter")  # the keyboard saves the same form
    assert "Ergebnis für Ö 2 gespeichert." in page.locator(".messages").inner_text()
    assert AgendaItem.objects.get(pk=second.pk).result == Result.ADOPTED
    assert Vote.objects.filter(agenda_item=first).count() == 1
