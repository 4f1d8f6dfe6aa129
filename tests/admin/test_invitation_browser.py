"""Issue 20 in the browser: staff log in through the real admin login, preview the invitation
(nothing stored), publish it, and find it as a File of the meeting with role and extracted text."""

import datetime
import io
import time

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text

from motions.models import ExtractionState, File, FileRole
from proceedings import services
from proceedings.models import MeetingSettings
from sessions.models import MeetingState
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_preview_then_publish_the_invitation(page, live_server, council, admin_login):
    MeetingSettings.objects.create(body=council.body, letterhead_name="Stadt Musterstadt", summons_days=14)
    meeting = MeetingFactory(
        organization=council.committee, start=timezone.now() + datetime.timedelta(days=5), number=3, chair="Ina Chef"
    )
    services.agenda_item_add_topic(meeting=meeting, name="Eröffnung und Feststellung der Beschlussfähigkeit")

    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/council_sessions/meeting/edit/{meeting.pk}/")
    page.get_by_role("link", name="Einladung").first.click()
    page.wait_for_url("**/invitation/**")
    page.wait_for_load_state("load")  # with the preview PDF in its frame, before the form is used
    preview = page.locator("#preview-public").get_attribute("href")
    response = page.request.get(f"{live_server.url}{preview}")
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(extract_text(io.BytesIO(response.body())).split())
    assert "Stadt Musterstadt" in text and "Vorsitz: Ina Chef" in text and "Ö 1 Eröffnung" in text
    assert not File.objects.filter(meeting=meeting).exists()  # a preview stores nothing

    # 5 days ahead, Ladungsfrist 14: publishing needs the reason.
    page.fill("#reason", "Dringlichkeit: Haushaltssperre")
    # Enter on the button, not a mouse click: the click scrolls the button into view and presses at
    # once, and Chromium may still route the press by the layout from before the scroll, where the
    # preview's PDF viewer (a frame of its own process) covered that point. The press then went into
    # the frame and the form was never sent (1 run in 10-15 under load; no POST left the browser).
    with page.expect_navigation(wait_until="domcontentloaded", timeout=60_000):
        page.locator("#publish-invitation").press("Enter")
    assert "Einladung veröffentlicht" in page.locator(".messages").inner_text()
    assert "Dringlichkeit: Haushaltssperre" in page.locator("#invitation-versions").inner_text()

    invitation = File.objects.get(meeting=meeting, role=FileRole.INVITATION, deleted=False)
    deadline = time.monotonic() + 30
    while invitation.extraction_state == ExtractionState.WAITING and time.monotonic() < deadline:
        time.sleep(0.5)
        invitation.refresh_from_db()
    assert invitation.extraction_state == ExtractionState.DONE
    assert "Einladung" in invitation.text and "Verkürzte Ladungsfrist" in invitation.text
    meeting.refresh_from_db()
    assert meeting.live and meeting.state == MeetingState.INVITED
