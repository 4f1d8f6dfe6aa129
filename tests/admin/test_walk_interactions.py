"""The staff's whole path in the real admin (issue 20): a new Antrag with two committees in its
Beratungsfolge, Freigabe, the agenda of each committee's meeting, the results, published minutes;
every click, fill, select and check is counted, and the walk takes at most 25.

The logins happen before the count (staff and reviewer are at their desks); opening a page by its
address counts as a page load, not an interaction, and is reported beside it.
"""

import datetime
import io

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text

from motions.models import ConsultationRole, File, FileRole, Paper
from sessions.models import MeetingState, Result
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAX_INTERACTIONS = 25


class Walk:
    """A page whose interactions are counted (and page loads, separately)."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.interactions, self.loads = 0, 0

    def goto(self, path):
        self.loads += 1
        self.page.goto(f"{self.base_url}{path}")

    def click(self, locator, navigates=False):
        self.interactions += 1
        if navigates:
            self.loads += 1
            with self.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def fill(self, selector, text):
        self.interactions += 1
        self.page.fill(selector, text)

    def select(self, selector, value):
        self.interactions += 1
        self.page.select_option(selector, value)

    def check(self, locator):
        self.interactions += 1
        locator.check()

    def message(self) -> str:
        return self.page.locator(".messages").first.inner_text()


def test_walk_from_new_antrag_to_published_minutes_takes_at_most_25_interactions(
    page, browser, live_server, council, admin_login
):
    now = timezone.now()
    committee_meeting = MeetingFactory(
        organization=council.committee, start=now - datetime.timedelta(days=7), number=4, live=False
    )
    council_meeting = MeetingFactory(
        organization=council.council, start=now - datetime.timedelta(hours=3), number=12, live=False
    )
    admin_login(page, council.staff)
    reviewer_page = browser.new_context(locale="de-DE").new_page()
    admin_login(reviewer_page, council.reviewer)
    staff = Walk(page, live_server.url)
    reviewer = Walk(reviewer_page, live_server.url)

    # 1. The Antrag with its Beratungsfolge: Hauptausschuss (Vorberatung), Stadtrat (Entscheidung).
    staff.goto("/admin/snippets/motions/paper/add/")
    staff.select("#id_paper_type", "antrag")
    staff.fill("#id_name", "Sanierung der Turnhalle am Markt")
    add_step = page.get_by_role("button", name="Beratung hinzufügen")
    staff.click(add_step)
    staff.select("#id_consultations-0-organization", str(council.committee.pk))
    staff.click(add_step)
    staff.select("#id_consultations-1-organization", str(council.council.pk))
    staff.select("#id_consultations-1-role", ConsultationRole.DECISION)
    staff.click(page.locator("footer .w-dropdown__toggle"))
    staff.click(page.get_by_role("button", name="Zur Freigabe einreichen"), navigates=True)
    assert "wurde angelegt und zur Freigabe eingereicht" in staff.message()
    paper = Paper.objects.get(name="Sanierung der Turnhalle am Markt")

    # 2. Freigabe by the reviewer publishes it.
    reviewer.goto(f"/admin/snippets/motions/paper/edit/{paper.pk}/")
    reviewer.click(reviewer_page.get_by_role("button", name="Freigeben", exact=True), navigates=True)
    assert "wurde freigegeben und veröffentlicht" in reviewer.message()
    paper.refresh_from_db()
    assert paper.live

    # 3. Each committee: agenda from the Beratungsfolge, then the result.
    for meeting in (committee_meeting, council_meeting):
        staff.goto(f"/admin/snippets/council_sessions/meeting/agenda/{meeting.pk}/")
        staff.check(page.get_by_label(str(paper), exact=False))
        staff.click(page.get_by_role("button", name="Auf die Tagesordnung setzen"), navigates=True)
        staff.click(page.get_by_role("link", name="Ergebnisse").first, navigates=True)
        item = meeting.agenda_items.get(deleted=False)
        staff.select(f"#id_item-{item.pk}-result", Result.ADOPTED)
        staff.check(page.locator(f"#id_item-{item.pk}-unanimous"))
        staff.click(page.get_by_role("button", name="Alle Ergebnisse speichern"), navigates=True)
        assert f"Ergebnis für {item.number} gespeichert." in staff.message()

    # 4. The Stadtrat's minutes, drafted from the results, published as PDF.
    staff.click(page.get_by_role("link", name="Niederschrift").first, navigates=True)
    staff.click(page.get_by_role("button", name="Als PDF veröffentlichen"), navigates=True)
    assert "Die Niederschrift wurde als PDF veröffentlicht." in staff.message()

    interactions = staff.interactions + reviewer.interactions
    loads = staff.loads + reviewer.loads
    print(f"\nwalk: {interactions} interactions, {loads} page loads")  # noqa: T201  (reported in docs/admin.md)
    assert interactions <= MAX_INTERACTIONS

    council_meeting.refresh_from_db()
    assert council_meeting.live and council_meeting.state == MeetingState.HELD
    minutes = File.objects.get(meeting=council_meeting, role=FileRole.RESULTS_PROTOCOL, deleted=False)
    text = extract_text(io.BytesIO(minutes.file.read()))
    assert "Sanierung der Turnhalle am Markt" in text and "einstimmig" in text
    paper.refresh_from_db()
    assert list(paper.consultations.filter(deleted=False).order_by("order").values_list("result", flat=True)) == [
        Result.ADOPTED,
        Result.ADOPTED,
    ]
