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
    """Votes are recorded in "Ergebnisse" (sessions.votes checks the counts); the generic
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


def test_admin_the_issues_attacks_on_the_demo_are_refused(client, demo):
    """Issue 13 as reported: Lübeck's staff against Aschersleben's non-public VII/0681/24, its
    Wertgutachten and its unpublished draft; Aschersleben's staff against Lübeck's Senat."""
    from motions.models import File
    from sessions.models import Meeting, Organization

    secret = Paper.objects.get(reference="VII/0681/24")
    file = File.objects.get(file_name="Wertgutachten_17-3.pdf")
    _login(client, "verwaltung-luebeck", "demo-staff-2026")
    for name in ("edit", "history", "usage", "copy", "workflow_history", "lock", "delete"):
        url = reverse(f"wagtailsnippets_motions_paper:{name}", args=[secret.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url).status_code == 404, name
    assert client.post(reverse("wagtailsnippets_motions_file:delete", args=[file.pk])).status_code == 404
    for chooser, word in (("motions_paper", "Digitalisierung"), ("motions_file", "Wertgutachten")):
        html = client.get(reverse(f"wagtailsnippetchoosers_{chooser}:choose_results"), {"q": word}).content.decode()
        assert "unveröffentlicht" not in html and "Flurstück" not in html and file.file.name not in html
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "VII/0681/24" not in history and "Flurstück" not in history
    secret.refresh_from_db()
    assert not secret.locked and secret.body.slug == "aschersleben" and File.objects.filter(pk=file.pk).exists()

    _login(client, "verwaltung-aschersleben", "demo-staff-2026")
    senate = Organization.objects.get(name="Senat", body__slug="luebeck")
    add = reverse("wagtailsnippets_council_sessions_meeting:add")
    assert f'value="{senate.pk}"' not in client.get(add).content.decode()
    response = client.post(add, {"organization": senate.pk, "name": "Übernahme", "start": "2026-12-20 17:00"})
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert not Meeting.objects.filter(name="Übernahme").exists()
