"""Meine Vorgänge: my and my Fraktion's papers with their next step, my inquiries (overdue first),
my committees' next meetings with the documents I have not opened, and what I follow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Account, FollowKind
from members.services import follow_create
from motions.models import PaperType
from motions.services import file_create
from ris.pdf_render import render_text_pdf
from sessions.models import OrganizationType
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_world():
    body = BodyFactory(name="Stadt Altenburg")
    council = OrganizationFactory(body=body, name="Stadtrat")
    faction = OrganizationFactory(body=body, name="SPD-Grüne-Fraktion", organization_type=OrganizationType.FACTION)
    person = PersonFactory(body=body, name="Ute Beispiel")
    MembershipFactory(person=person, organization=council, start_date=datetime.date(2019, 7, 1))
    MembershipFactory(person=person, organization=faction, start_date=datetime.date(2019, 7, 1))
    user = UserFactory()
    Account.objects.create(user=user, person=person, email_verified=True)
    soon = timezone.now() + datetime.timedelta(days=5)
    meeting = MeetingFactory(organization=council, start=soon, name="12. Sitzung des Stadtrates")
    motion = PaperFactory(body=body, paper_type=PaperType.MOTION, name="Antrag Schulwegsicherheit")
    motion.originator_organizations.add(faction)
    item = AgendaItemFactory(meeting=meeting, name="Schulwegsicherheit", public=False)
    ConsultationFactory(paper=motion, organization=council, meeting=meeting, agenda_item=item)
    today = timezone.localdate()
    overdue = PaperFactory(
        body=body,
        paper_type=PaperType.INQUIRY,
        name="Anfrage Straßenbeleuchtung",
        answer_deadline=today - datetime.timedelta(days=2),
    )
    pending = PaperFactory(
        body=body,
        paper_type=PaperType.INQUIRY,
        name="Anfrage Kita-Plätze",
        answer_deadline=today + datetime.timedelta(days=20),
    )
    for inquiry in (pending, overdue):
        inquiry.originator_persons.add(person)
    files = [
        file_create(
            body=body,
            name=name,
            content=render_text_pdf(title=name, text=name),
            file_name=f"{n}.pdf",
            agenda_item=item if n else None,
            meeting=meeting,
            extract=False,
        )
        for n, name in enumerate(["Einladung 12. Sitzung", "Stellungnahme Ordnungsamt"])
    ]
    return {"user": user, "body": body, "meeting": meeting, "motion": motion, "files": files, "council": council}


def test_dashboard_lists_faction_motion_with_next_step_and_meeting(client, member_world):
    client.force_login(member_world["user"])
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Antrag Schulwegsicherheit" in html
    assert "Stadtrat (Vorberatung)" in html
    assert member_world["meeting"].get_absolute_url() in html


def test_dashboard_puts_overdue_inquiries_first(client, member_world):
    client.force_login(member_world["user"])
    html = client.get(reverse("members:dashboard")).content.decode()
    assert html.index("Anfrage Straßenbeleuchtung") < html.index("Anfrage Kita-Plätze")
    assert "überfällig" in html


def test_dashboard_shows_agenda_including_non_public_items_and_unopened_documents(client, member_world):
    client.force_login(member_world["user"])
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Schulwegsicherheit" in html and "Stellungnahme Ordnungsamt" in html and "Einladung 12. Sitzung" in html
    opened = member_world["files"][1]
    assert client.get(opened.get_download_url()).status_code == 200
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Stellungnahme Ordnungsamt" not in html and "Einladung 12. Sitzung" in html


def test_dashboard_shows_follows_and_latest_alerts(client, member_world, django_capture_on_commit_callbacks):
    user = member_world["user"]
    follow_create(user=user, kind=FollowKind.SEARCH, query="Radweg")
    with django_capture_on_commit_callbacks(execute=True):
        PaperFactory(body=member_world["body"], name="Radweg Zeitzer Straße")
    client.force_login(user)
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "„Radweg“" in html and "neue Vorlage passt zu Ihrer Suche &#x27;Radweg&#x27;" in html


def test_dashboard_query_count_does_not_grow_with_papers(client, member_world):
    client.force_login(member_world["user"])
    client.get(reverse("members:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:dashboard"))
    faction = member_world["motion"].originator_organizations.get()
    for n in range(6):
        paper = PaperFactory(body=member_world["body"], name=f"Weiterer Antrag {n}")
        paper.originator_organizations.add(faction)
        ConsultationFactory(paper=paper, organization=member_world["council"], meeting=member_world["meeting"])
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("members:dashboard")).content.decode()
    assert "Weiterer Antrag 5" in html
    assert len(many) == len(few)


def test_dashboard_for_citizen_without_person_shows_follows_only(client):
    user = UserFactory()
    Account.objects.create(user=user, email_verified=True)
    client.force_login(user)
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Was ich verfolge" in html and "Meine Anfragen" not in html


def test_dashboard_needs_login(client):
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_demo_member_accounts_see_their_dashboard_and_non_public_stadtrat_paper(client):
    from django.core.management import call_command

    from motions.models import Paper

    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert client.login(username="ratsmitglied-altenburg", password="demo-member-2026")
    assert "Digitalisierung" in client.get(reverse("members:dashboard")).content.decode()
    secret = Paper.objects.get(reference="VII/0681/24")
    assert client.get(secret.get_absolute_url()).status_code == 404  # Altenburg is not Aschersleben
    assert client.login(username="ratsmitglied-aschersleben", password="demo-member-2026")
    assert client.get(secret.get_absolute_url()).status_code == 200
