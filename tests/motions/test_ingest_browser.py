"""In a real browser: staff see file states in the admin and work through the review queue."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from ingest.ingestion import body_for_name
from motions.models import Paper
from tests.motions.pdfs import document_pdf
from tests.motions.test_ingest_admin import PASSWORD, admin_staff

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "demo_data"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread; the ORM calls here are still synchronous.

    Session-scoped so that it is in place before the session's browser starts and the test
    database is created.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def login(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.fixture
def archive(tmp_path):
    (tmp_path / "vorlage.pdf").write_bytes(
        document_pdf((SEEDS / "aschersleben_VII-0680-24.txt").read_text(encoding="utf-8"))
    )
    (tmp_path / "kaputt.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00" * 400)
    call_command("ingest_pdfs", str(tmp_path), "--body", "Stadt Aschersleben", "--workers", "1", stdout=io.StringIO())
    return body_for_name("Stadt Aschersleben")


def test_browser_file_listing_shows_states(page, live_server, archive):
    login(page, live_server, admin_staff(archive))
    page.goto(live_server.url + reverse("wagtailsnippets_motions_file:list"))
    table = page.locator("table").first
    assert "fertig (1 Seite)" in table.inner_text()
    assert "fehlgeschlagen: Die Datei ist beschädigt" in table.inner_text()


def test_browser_review_confirm_and_publish(page, live_server, archive):
    login(page, live_server, admin_staff(archive))
    page.goto(live_server.url + reverse("motions_review:index"))
    page.get_by_role("link", name="Arbeitspapier zur weiteren Digitalisierung der Verwaltung").click()
    expect(page.get_by_role("heading", name="VII/0680/24: Arbeitspapier")).to_be_visible()
    expect(page.get_by_text("bitte prüfen").first).to_be_visible()
    page.get_by_label("Datum").fill("2024-02-08")
    page.get_by_role("button", name="Bestätigen und veröffentlichen").click()
    page.wait_for_url(live_server.url + reverse("motions_review:index"))
    expect(page.get_by_text("ist geprüft")).to_be_visible()
    paper = Paper.objects.get(reference="VII/0680/24")
    assert paper.live and not paper.needs_review
    assert paper.date.isoformat() == "2024-02-08"
