"""No requests to third parties (data protection, issue 13): a real browser visits every admin
and public page type, logged in as staff, and records every request it makes; any host other
than the site's own fails the test (Gravatar, Wagtail's update check, fonts, CDNs, …)."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from motions.models import File, Paper, PaperType
from sessions.models import Body, Meeting, Organization, Person
from tests.admin.conftest import wagtail_root

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STAFF, PASSWORD = "verwaltung-aschersleben", "demo-staff-2026"


def _public_paths():
    paper = Paper.objects.get(reference="VII/0680/24")
    return [
        "/",
        paper.get_absolute_url(),
        Paper.objects.filter(paper_type=PaperType.INQUIRY).first().get_absolute_url(),
        Meeting.objects.filter(live=True).first().get_absolute_url(),
        Organization.objects.get(name="Finanz- und Verwaltungsausschuss").get_absolute_url(),
        Person.objects.get(name="Michelmann").get_absolute_url(),
        Body.objects.get(slug="aschersleben").get_absolute_url(),
        File.objects.get(file_name="Vorlage_VII-0680-24.pdf").get_absolute_url(),
        "/vorlagen/",
        "/sitzungen/",
        "/gremien/",
        "/personen/",
        "/suche/?q=Haushalt",
        "/oparl/",
        "/wie-funktioniert-der-stadtrat/",
        "/gibt-es-nicht/",
    ]


def _admin_paths():
    paper = Paper.objects.filter(body__slug="aschersleben", deleted=False).first()
    meeting = Meeting.objects.filter(organization__body__slug="aschersleben", deleted=False).first()
    file = File.objects.filter(body__slug="aschersleben", deleted=False).first()
    paths = [
        "/admin/",
        "/admin/account/",
        reverse("wagtailsnippets_motions_paper:add"),
        reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk]),
        reverse("wagtailsnippets_motions_paper:history", args=[paper.pk]),
        reverse("wagtailsnippets_council_sessions_meeting:edit", args=[meeting.pk]),
        reverse("wagtailsnippets_council_sessions_meeting:agenda", args=[meeting.pk]),
        reverse("wagtailsnippets_council_sessions_meeting:results", args=[meeting.pk]),
        reverse("wagtailsnippets_council_sessions_meeting:minutes", args=[meeting.pk]),
        reverse("wagtailsnippets_motions_file:edit", args=[file.pk]),
        reverse("wagtailsnippetchoosers_motions_paper:choose"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("motions_review:index"),
        reverse("members_invite"),
    ]
    for model in ("motions_paper", "motions_file", "council_sessions_meeting", "council_sessions_person"):
        paths.append(reverse(f"wagtailsnippets_{model}:list"))
    return paths


def test_admin_and_public_pages_request_nothing_from_other_hosts(live_server, page):
    wagtail_root()  # a flushing test before this one takes Wagtail's root page with it
    call_command("load_demo", stdout=open("/dev/null", "w"))
    own = urlsplit(live_server.url).netloc
    requested = []
    page.on("request", lambda request: requested.append((page.url, request.url)))
    page.set_default_timeout(20000)

    for path in _public_paths():
        page.goto(live_server.url + path, wait_until="networkidle")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", STAFF)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    visited = 0
    for path in _admin_paths():
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response.status < 400, path
        visited += 1

    foreign = sorted(
        {
            (at, url)
            for at, url in requested
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own
        }
    )
    assert visited >= 15 and len(requested) > 100  # the pages really loaded their assets
    assert foreign == [], "\n".join(f"{at} -> {url}" for at, url in foreign)
