"""The Wagtail admin: one German menu area for the records; staff see only their bodies."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from motions.models import Paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))


def _login(client, username, password):
    assert client.login(username=username, password=password)


def test_admin_menu_has_council_records_area_in_german(client, demo):
    _login(client, "admin", "demo-admin-2026")
    html = client.get("/admin/").content.decode()
    assert "Ratsunterlagen" in html
    for label in ("Vorlagen", "Sitzungen", "Abstimmungen", "Körperschaften", "Personen", "Dateien"):
        assert json.dumps(label)[1:-1] in html  # the menu is embedded as JSON


def test_admin_paper_listing_filters_and_searches(client, demo):
    _login(client, "admin", "demo-admin-2026")
    url = reverse("wagtailsnippets_motions_paper:list")
    html = client.get(url, {"q": "0680"}).content.decode()
    assert "VII/0680/24" in html and "VO/2014/01919" not in html
    html = client.get(url, {"paper_type": "anfrage"}).content.decode()
    assert "VO/2014/01919" in html and "VII/0680/24" not in html


def test_admin_staff_see_only_their_body(client, demo):
    _login(client, "verwaltung-luebeck", "demo-staff-2026")
    html = client.get(reverse("wagtailsnippets_motions_paper:list")).content.decode()
    assert "VO/2014/01919" in html
    assert "VII/0680/24" not in html


def test_admin_paper_has_revision_history(client, demo):
    _login(client, "admin", "demo-admin-2026")
    paper = Paper.objects.get(reference="VII/0680/24")
    assert paper.revisions.count() >= 1
    response = client.get(reverse("wagtailsnippets_motions_paper:history", args=[paper.pk]))
    assert response.status_code == 200


def test_admin_vote_form_is_not_a_way_around_the_results_view(client, demo):
    """Votes are recorded in "Ergebnisse" (sessions.services checks the counts); the generic
    vote form neither creates votes nor changes their counts."""
    from sessions.models import AgendaItem, Vote

    _login(client, "admin", "demo-admin-2026")
    item = AgendaItem.objects.get(meeting__organization__name="Finanz- und Verwaltungsausschuss")
    before = Vote.objects.count()
    response = client.post(
        reverse("wagtailsnippets_council_sessions_vote:add"),
        {"agenda_item": item.pk, "subject": "", "yes": 12, "no": 3, "abstain": 0, "result": "angenommen"},
    )
    assert response.status_code == 302 and response.url == "/admin/"
    assert Vote.objects.count() == before
