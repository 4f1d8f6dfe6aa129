"""Flow 1: a new paper in the admin, driven through the real admin in Chromium."""

import datetime

import pytest

from motions.models import ConsultationRole, Paper, PaperType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paper_create_proposes_reference_and_saves_draft_with_beratungsfolge(page, live_server, council, admin_login):
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/add/")
    page.select_option("#id_paper_type", PaperType.MOTION)
    year = datetime.date.today().year
    reference = page.locator("#id_reference")
    page.wait_for_function("el => el.placeholder.includes('A/0001/')", arg=reference.element_handle(), timeout=5000)
    assert f"A/0001/{year}" in reference.get_attribute("placeholder")
    page.fill("#id_name", "Radweg an der Hauptstraße")
    page.locator(".public-DraftEditor-content").first.fill("Der Stadtrat beschließt den Radweg.")
    add = page.get_by_role("button", name="Beratung hinzufügen")
    add.click()
    page.select_option("#id_consultations-0-organization", str(council.committee.pk))
    page.select_option("#id_consultations-0-role", ConsultationRole.PRELIMINARY)
    add.click()
    page.select_option("#id_consultations-1-organization", str(council.council.pk))
    page.select_option("#id_consultations-1-role", ConsultationRole.DECISION)
    page.check("#id_consultations-1-authoritative")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url("**/edit/**")

    paper = Paper.objects.get(name="Radweg an der Hauptstraße")
    assert paper.reference == f"A/0001/{year}"
    assert paper.live is False
    assert "Radweg" in paper.resolution_proposal
    steps = list(paper.consultations.order_by("order"))
    assert [(s.organization, s.role, s.authoritative) for s in steps] == [
        (council.committee, ConsultationRole.PRELIMINARY, False),
        (council.council, ConsultationRole.DECISION, True),
    ]
    assert paper.revisions.count() == 1
