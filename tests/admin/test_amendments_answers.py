"""Flow 2: amendments and answers from their paper, answer deadlines on the dashboard."""

import datetime

import pytest
from django.utils import timezone

from motions.models import Paper, PaperState, PaperType
from tests.factories import ConsultationFactory, PaperFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _published(paper):
    paper.save_revision().publish()
    paper.refresh_from_db()
    return paper


def test_amendment_created_from_motion_is_linked_and_follows_its_beratungsfolge(
    page, live_server, council, admin_login
):
    motion = PaperFactory(body=council.body, paper_type=PaperType.MOTION, reference="A/0005/2026", live=False)
    ConsultationFactory(paper=motion, organization=council.committee)
    ConsultationFactory(paper=motion, organization=council.council, authoritative=True)
    _published(motion)
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/edit/{motion.pk}/")
    page.get_by_role("link", name="Änderungsantrag anlegen").click()
    assert "A/0005/2026" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Änderungsantrag anlegen").click()
    page.locator(".messages").first.wait_for()

    amendment = Paper.objects.get(amends=motion)
    assert page.url.endswith(f"/edit/{amendment.pk}/")
    assert amendment.paper_type == PaperType.AMENDMENT
    assert amendment.reference.startswith("AE/0001/")
    assert amendment.live is False
    assert [c.organization for c in amendment.consultations.order_by("order")] == [council.committee, council.council]
    assert page.locator("#id_name").input_value().startswith("Änderungsantrag zu A/0005/2026")


def test_answer_deadline_dashboard_and_answer_from_inquiry(page, live_server, council, admin_login):
    council.body.answer_deadline_days = 14
    council.body.save()
    today = timezone.localdate()
    soon = _published(
        PaperFactory(
            body=council.body,
            paper_type=PaperType.INQUIRY,
            reference="F/0001/2026",
            name="Anfrage zur Straßenbeleuchtung",
            date=today - datetime.timedelta(days=11),
            live=False,
        )
    )
    late = _published(
        PaperFactory(
            body=council.body,
            paper_type=PaperType.INQUIRY,
            reference="F/0002/2026",
            name="Anfrage zum Freibad",
            date=today - datetime.timedelta(days=20),
            live=False,
        )
    )
    PaperFactory(
        body=council.body,
        paper_type=PaperType.INQUIRY,
        reference="F/0003/2026",
        name="Anfrage mit viel Zeit",
        date=today,
    )
    assert soon.answer_deadline == today + datetime.timedelta(days=3)

    admin_login(page, council.staff)
    panel = page.locator("section[aria-labelledby=inquiries-due-heading]")
    text = panel.inner_text()
    assert "F/0001/2026" in text and "in 3 Tagen fällig" in text
    assert "F/0002/2026" in text and "überfällig seit 6 Tagen" in text
    assert "F/0003/2026" not in text

    panel.get_by_role("link", name="F/0002/2026").click()
    page.get_by_role("link", name="Antwort anlegen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Antwort anlegen").click()
    page.locator(".messages").first.wait_for()
    answer = Paper.objects.get(answers=late)
    assert answer.paper_type == PaperType.ANSWER and answer.reference.startswith("F/")

    _published(answer)
    late.refresh_from_db()
    assert late.state == PaperState.ANSWERED
    page.goto(f"{live_server.url}/admin/")
    text = page.locator("section[aria-labelledby=inquiries-due-heading]").inner_text()
    assert "F/0002/2026" not in text and "F/0001/2026" in text
