"""The search page in a real browser: search from the header, read hits, narrow by a facet."""

import os

import pytest

from tests.factories import BodyFactory, PaperFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(django_db_setup):
    """Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    still plain synchronous code, which Django must be told. The test database is set up first,
    before the browser's loop starts."""
    # Left set: the browser's loop stays for the session, and the database flush after this
    # test runs beside it too.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def test_search_from_header_then_filter_by_type(live_server, page):
    body = BodyFactory(name="Stadt Suchhausen")
    PaperFactory(body=body, name="Sanierung der Grundschule am Park", paper_type="antrag")
    PaperFactory(body=body, name="Anfrage zur Schulsanierung", paper_type="anfrage")
    PaperFactory(body=body, name="Radweg am Fluss", paper_type="antrag")

    page.goto(f"{live_server.url}/")
    page.fill("#site-search-q", "Schulsanierung")
    page.click(".site-search button")
    page.wait_for_url("**/suche/?q=Schulsanierung")

    titles = page.locator(".hit-title a").all_inner_texts()
    assert sorted(titles) == ["Anfrage zur Schulsanierung", "Sanierung der Grundschule am Park"]
    assert page.locator(".hit mark").count() >= 2
    assert "2 Treffer" in page.locator(".search-count").inner_text()

    page.get_by_role("link", name="Antrag", exact=True).click()
    page.wait_for_url("**type=antrag**")
    assert page.locator(".hit-title a").all_inner_texts() == ["Sanierung der Grundschule am Park"]
    assert page.locator(".search-facets [aria-current=true]").inner_text() == "Antrag"
