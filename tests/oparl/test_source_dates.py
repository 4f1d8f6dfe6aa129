"""Issue 18: the source's dates on every public surface; historical matters are not "open"."""

import datetime
import json

import pytest
from django.core.management import call_command

from members.models import ResolutionTracking
from motions.models import Paper
from sessions.models import Meeting
from tests.oparl.fixture_server import FixtureServer
from tests.oparl.test_importer import page, run_import, small_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    instance = FixtureServer().start()
    yield instance
    instance.stop()


def _dated_system(server):
    url = small_system(server)
    b = f"{server.base}/s"
    paper = json.loads(server.routes["/s/paper"][0].body)["data"][0]
    paper.update(created="2024-02-01T09:30:00+01:00", modified="2024-02-28T18:05:00+01:00")
    server.add("/s/paper", page(paper, next_url=f"{b}/paper?page=2"))
    meeting = json.loads(server.routes["/s/meeting"][0].body)["data"][0]
    meeting.update(created="2024-02-07T10:00:00+01:00", modified="2024-02-22T08:00:00+01:00")
    server.add("/s/meeting", page(meeting))
    return url


def test_imported_records_show_their_sources_dates_while_our_modified_moves(server, client):
    run_import(_dated_system(server), download_files=False)
    paper = Paper.objects.get(reference="12/2024")
    assert paper.source_modified.isoformat() == "2024-02-28T17:05:00+00:00"
    assert paper.modified > paper.source_modified  # ours, for sync
    served = client.get(f"/oparl/v1.1/paper/{paper.pk}").json()
    assert served["created"] == "2024-02-01T09:30:00+01:00"
    assert served["modified"] > "2026"  # our own modified stays the sync stamp
    paper.live = True
    paper.save()
    Paper.objects.filter(pk=paper.pk).update(source_modified=paper.source_modified)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Zuletzt geändert am 28.02.2024 18:05" in html
    feed = client.get("/feeds/vorlagen/atom/").content.decode()
    assert "<published>2024-02-01T08:30:00+00:00</published>" in feed
    assert "<updated>2024-02-28T17:05:00+00:00</updated>" in feed
    sitemap = client.get("/sitemap-vorlagen.xml")
    assert "<lastmod>2024-02-28</lastmod>" in sitemap.content.decode()
    from web.ical import _calendar

    ical = _calendar(name="x", meetings=Meeting.objects.all()).to_ical().decode()
    assert "LAST-MODIFIED:20240222T070000Z" in ical


def test_archive_before_marks_old_papers_and_they_get_no_deadline_or_tracking(server):
    url = _dated_system(server)
    call_command(
        "import_oparl",
        url,
        "--no-files",
        "--no-progress",
        "--archive-before",
        "2025-01-01",
        stdout=open("/dev/null", "w"),
    )
    paper = Paper.objects.get(reference="12/2024")
    assert paper.archived and not paper.is_current
    from members.services import tracking_ensure

    assert tracking_ensure(paper=paper) is None and not ResolutionTracking.objects.filter(paper=paper).exists()


def test_demo_records_carry_their_documents_dates_and_old_matters_are_not_open(demo_loaded, client):
    paper = Paper.objects.get(reference="VII/0680/24")
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Zuletzt geändert am 28.02.2024" in html
    tracking = ResolutionTracking.objects.get(paper=paper)
    assert tracking.due_date == datetime.date(2024, 2, 28) + datetime.timedelta(days=90)
    inquiry = Paper.objects.get(reference="VO/2014/01919")
    html = client.get(inquiry.get_absolute_url()).content.decode()
    assert "Noch nicht beantwortet" not in html and "fällig" not in html
    from django.contrib.auth.models import User

    from motions.selectors import inquiries_due

    assert inquiry not in inquiries_due(user=User(is_superuser=True), within_days=7)


@pytest.fixture
def demo_loaded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
