"""Accessibility in a real browser (Playwright driving Debian's Chromium): axe-core on every page
type, keyboard navigation, and the layout at 360 px width."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command

from motions.models import File, Paper, PaperType
from sessions.models import Body, Meeting, Organization, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(
    not AXE.exists() and not os.environ.get("RIS_REQUIRE_ALL"),
    reason="SKIPPED: axe-core is not installed (make install fetches it with npm when npm is there)",
)
BLOCKING = {"serious", "critical"}


@pytest.fixture
def page(browser):
    """The conftest page, except that it lets Playwright inject axe-core as an inline script, which
    the site's Content-Security-Policy rightly refuses (tests/ris/test_security_headers.py)."""
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def site(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    paper = Paper.objects.get(reference="VII/0680/24")
    return {
        "url": live_server.url,
        "paths": [
            "/",
            paper.get_absolute_url(),
            Paper.objects.get(reference="A/0006/2019").get_absolute_url(),
            Paper.objects.filter(paper_type=PaperType.INQUIRY).first().get_absolute_url(),
            Meeting.objects.get(agenda_items__public=False).get_absolute_url(),
            Organization.objects.get(name="Finanz- und Verwaltungsausschuss").get_absolute_url(),
            Person.objects.get(name="Michelmann").get_absolute_url(),
            Body.objects.get(slug="aschersleben").get_absolute_url(),
            File.objects.get(file_name="Vorlage_VII-0680-24.pdf").get_absolute_url(),
            "/vorlagen/",
            "/sitzungen/",
            "/kalender/?monat=2024-02",
            "/kalender/liste/?monat=2024-02",
            "/gremien/",
            "/personen/",
            "/wie-funktioniert-der-stadtrat/",
            "/gibt-es-nicht/",
            "/suche/?q=Digitalisierung",
            "/suche/?q=Digitalisirung",
            "/anmelden/",
            "/beschlusskontrolle/",
        ],
    }


def _axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


@needs_axe
@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_has_no_serious_or_critical_axe_violations(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for path in site["paths"]:
        page.goto(site["url"] + path)
        found = _axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_no_page_asks_any_host_but_the_sites_own(site, page):
    """No fonts, scripts, images or trackers from elsewhere: a reader's visit tells nobody else."""
    own = site["url"].split("://", 1)[1]
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if r.url.split("://", 1)[-1].split("/")[0] != own else None)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in site["paths"]:
            page.goto(site["url"] + path)
            page.wait_for_load_state("networkidle")
    assert foreign == []


def test_on_a_phone_the_first_hit_comes_before_the_filters(site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site["url"] + "/suche/?q=Digitalisierung")
    first_hit = page.locator(".hit").first.bounding_box()
    filters = page.locator(".search-facets").bounding_box()
    assert first_hit["y"] < filters["y"]
    assert first_hit["y"] < 844  # on the first screen


def test_phone_lists_show_the_records_before_a_long_filter_form(site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site["url"] + "/vorlagen/")
    assert page.locator(".record-list li").first.bounding_box()["y"] < 844
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site["url"] + "/vorlagen/")
    assert page.locator(".filters").is_visible()  # open on a wide screen


@pytest.mark.parametrize("width", [1280, 390])
def test_resolution_tracking_table_keeps_words_and_dates_whole(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site["url"] + "/beschlusskontrolle/")
    cells = page.locator(".tracking-table td.nowrap, .tracking-table th")
    assert cells.count() > 0
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.tracking-table td, .tracking-table th')]
            .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent.trim())"""
    )
    assert broken == []
    dates = page.evaluate(
        """() => [...document.querySelectorAll('.tracking-table td.nowrap')].map(el => {
            const range = document.createRange(); range.selectNodeContents(el.firstChild);
            return range.getClientRects().length; })"""
    )
    assert dates and all(lines == 1 for lines in dates)  # "07.03.2027" on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_keyboard_reaches_skip_link_main_content_and_search(site, page):
    page.goto(site["url"] + site["paths"][1])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
    page.goto(site["url"] + "/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"


def test_layout_fits_360_px_without_horizontal_scrolling(site, page):
    page.set_viewport_size({"width": 360, "height": 740})
    too_wide = {}
    for path in site["paths"]:
        page.goto(site["url"] + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[path] = width
    assert too_wide == {}


def test_printed_paper_page_is_the_content_with_its_address(site, page):
    page.emulate_media(media="print")
    page.goto(site["url"] + site["paths"][1])
    hidden = "el => getComputedStyle(el).display === 'none'"
    assert page.locator(".site-header nav").evaluate(hidden)
    assert page.locator(".site-search").evaluate(hidden)
    assert not page.locator("main h1").evaluate(hidden)
    source = page.locator(".print-only").inner_text()
    assert source.startswith("Quelle: ") and source.endswith(site["paths"][1])
    page.emulate_media(media="screen")
    assert page.locator(".print-only").evaluate(hidden)
