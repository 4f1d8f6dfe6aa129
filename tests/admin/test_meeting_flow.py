"""Flow 3: a meeting's agenda built from the Beratungsfolge, numbered, invitation PDF, published."""

import datetime
import io

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text

from motions.models import File, FileRole, PaperType
from sessions.models import Meeting, MeetingState
from tests.factories import ConsultationFactory, MeetingFactory, PaperFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _paper(council, reference, steps, **fields):
    paper = PaperFactory(body=council.body, reference=reference, name=f"Vorlage {reference}", **fields)
    for order, organization in enumerate(steps):
        ConsultationFactory(
            paper=paper, organization=organization, order=order, authoritative=organization == council.council
        )
    return paper


def test_agenda_builder_proposes_orders_numbers_and_invites(page, live_server, council, admin_login):
    meeting = MeetingFactory(
        organization=council.committee, start=timezone.now() + datetime.timedelta(days=10), number=18, live=False
    )
    motion = _paper(council, "A/0001/2026", [council.committee, council.council], paper_type=PaperType.MOTION)
    amendment = _paper(council, "AE/0001/2026", [council.committee], paper_type=PaperType.AMENDMENT, amends=motion)
    secret = _paper(council, "A/0002/2026", [council.committee], public=False)
    later = _paper(council, "A/0003/2026", [council.council, council.committee])
    draft = _paper(council, "A/0004/2026", [council.committee], live=False)

    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/council_sessions/meeting/edit/{meeting.pk}/")
    page.get_by_role("link", name="Tagesordnung").first.click()
    proposals = page.locator("fieldset").inner_text()
    for paper in (motion, amendment, secret):
        assert paper.reference in proposals
    for paper in (later, draft):
        assert paper.reference not in proposals

    for paper in (motion, amendment, secret):
        page.get_by_label(str(paper), exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Auf die Tagesordnung setzen").click()
    rows = page.locator("#agenda tbody tr")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == ["Ö 1.1", "Ö 1", "N 1"]
    assert "AE/0001/2026" in rows.nth(0).inner_text() and "A/0001/2026" in rows.nth(1).inner_text()

    page.fill("#topic-name", "Eröffnung und Feststellung der Beschlussfähigkeit")
    with page.expect_navigation():
        page.get_by_role("button", name="Punkt hinzufügen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ö 2 nach oben").click()
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    titles = [rows.nth(i).locator("input[name=name]").input_value() for i in range(rows.count())]
    assert texts[0].startswith("Ö 1\t") and titles[0].startswith("Eröffnung")
    assert texts[1].startswith("Ö 2.1") and "AE/0001/2026" in texts[1]
    assert texts[2].startswith("Ö 2\t") and "A/0001/2026" in texts[2]
    assert texts[3].startswith("N 1")

    with page.expect_navigation():
        page.get_by_role("button", name="Einladung erzeugen (PDF) und veröffentlichen").click()
    page.locator(".messages").first.wait_for()
    page.get_by_role("link", name="Einladung:").first.wait_for()

    meeting.refresh_from_db()
    assert meeting.live is True and meeting.state == MeetingState.INVITED
    invitation = File.objects.get(meeting=meeting, role=FileRole.INVITATION, deleted=False)
    content = invitation.file.read()
    text = extract_text(io.BytesIO(content))
    assert "Ö 2.1 Vorlage AE/0001/2026" in text
    assert "Vorlage A/0002/2026" not in text  # the non-public item appears by number only
    assert "N 1" in text
    assert motion.get_absolute_url().encode() in content  # the agenda links the paper's page
    # Publishing the meeting kept the agenda built outside the edit form.
    assert Meeting.objects.get(pk=meeting.pk).agenda_items.count() == 4
    assert motion.consultations.get(organization=council.committee).meeting == meeting
