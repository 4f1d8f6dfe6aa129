"""The member flows in a real browser (Chromium via Playwright): invitation, login, dashboard,
registration, follow and unsubscribe. No JavaScript is needed by any of these pages."""

import datetime
import os
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from members.models import Follow
from sessions.models import Result
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaperFactory,
    PersonFactory,
    staff_user_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Playwright's sync API keeps an event loop in the test thread; the ORM calls around it are still
# synchronous, so Django's async-safety check must stand aside (it is set before the browser starts).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _link(message, live_server) -> str:
    return re.search(r"http://\S+", message.body).group(0).replace("http://127.0.0.1:8000", live_server.url)


def _login(page, live_server, username, password):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("E-Mail-Adresse oder Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def test_invited_member_sets_password_and_sees_dashboard(page, live_server):
    body = BodyFactory(name="Stadt Aschersleben")
    council = OrganizationFactory(body=body, name="Stadtrat", classification="Rat")
    person = PersonFactory(body=body, name="Erika Mustermann")
    MembershipFactory(person=person, organization=council, start_date=datetime.date(2019, 7, 1))
    MeetingFactory(
        organization=council, start=timezone.now() + datetime.timedelta(days=3), name="5. Sitzung des Stadtrates"
    )
    staff_user_for(body, username="sitzungsdienst", password="Verwaltung-2026")
    body.staff_group.permissions.add(Permission.objects.get(codename="access_admin"))

    _login(page, live_server, "sitzungsdienst", "Verwaltung-2026")
    page.goto(f"{live_server.url}/konto/einladen/")
    # inside the admin's layout (issue 20), not the public one
    assert page.url.endswith("/admin/mitglieder/einladen/")
    assert page.locator("#wagtail-sidebar").count() == 1
    page.get_by_label("Person").select_option(label="Erika Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Einladung verschicken").click()
    page.get_by_text("Einladung an erika@example.org verschickt.").wait_for()
    page.goto(f"{live_server.url}/konto/")
    page.get_by_role("button", name="Abmelden").click()

    (message,) = mail.outbox
    page.goto(_link(message, live_server))
    assert page.get_by_role("heading", name="Willkommen im Ratsinformationssystem").is_visible()
    page.get_by_label("Neues Passwort", exact=True).fill("Ratsarbeit-2026")
    page.get_by_label("Neues Passwort bestätigen").fill("Ratsarbeit-2026")
    page.get_by_role("button", name="Passwort setzen").click()
    assert page.get_by_role("heading", name="Meine Vorgänge").is_visible()
    assert page.get_by_text("5. Sitzung des Stadtrates").is_visible()


def test_citizen_registers_follows_a_paper_and_unsubscribes_from_the_mail(page, live_server):
    body = BodyFactory(name="Hansestadt Lübeck")
    committee = OrganizationFactory(body=body, name="Hauptausschuss")
    paper = PaperFactory(body=body, name="Radweg an der Obertrave")

    page.goto(f"{live_server.url}/registrieren/")
    page.get_by_label("E-Mail-Adresse").fill("leser@example.org")
    page.get_by_label("Passwort", exact=True).fill("Ratsinfo-Leser-1")
    page.get_by_label("Passwort wiederholen").fill("Ratsinfo-Leser-1")
    page.get_by_role("button", name="Konto anlegen").click()
    assert page.get_by_role("heading", name="Bitte bestätigen Sie Ihre E-Mail-Adresse").is_visible()
    page.goto(_link(mail.outbox[0], live_server))
    assert page.get_by_role("heading", name="E-Mail-Adresse bestätigt").is_visible()

    _login(page, live_server, "leser@example.org", "Ratsinfo-Leser-1")
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    page.get_by_role("button", name="Folgen").click()
    assert page.get_by_role("button", name="Nicht mehr folgen").is_visible()
    assert Follow.objects.filter(paper=paper, user__email="leser@example.org").exists()

    meeting = MeetingFactory(organization=committee, start=timezone.make_aware(datetime.datetime(2014, 9, 16, 16)))
    ConsultationFactory(paper=paper, organization=committee, meeting=meeting, result=Result.NOTED)
    alert = mail.outbox[-1]
    assert "neue Beratung im Hauptausschuss am 16.09.2014: zur Kenntnis genommen" in alert.body

    page.context.clear_cookies()  # the link works without being signed in
    unsubscribe = (
        re.search(r"Abbestellen: (\S+)", alert.body).group(1).replace("http://127.0.0.1:8000", live_server.url)
    )
    page.goto(unsubscribe)
    page.get_by_role("button", name="Abbestellen").click()
    assert page.get_by_role("heading", name="Abbestellt").is_visible()
    assert not Follow.objects.filter(paper=paper).exists()
