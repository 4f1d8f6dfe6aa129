"""Round trip: the demo served by our OParl server, imported into an empty database, is the same record."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from motions.models import Consultation, File, Paper
from oparl import selectors
from oparl.importer.client import HttpSource
from oparl.importer.run import Importer, Options
from sessions.models import AgendaItem, Meeting, Membership, Organization, Person, Vote
from tests.oparl.conformance import Checker
from tests.oparl.fixture_server import Answer, FixtureServer

pytestmark = pytest.mark.django_db
SITE = "https://ris.example.org"


def _position(item) -> int:
    siblings = selectors.visible(AgendaItem).filter(meeting_id=item.meeting_id).order_by("order", "pk")
    return list(siblings.values_list("pk", flat=True)).index(item.pk)


def snapshot() -> dict:
    """What anonymous users see of the record, in terms that do not depend on primary keys."""
    return {
        "papers": sorted(
            (
                p.reference,
                p.name,
                p.date,
                p.paper_type,
                p.amends.reference if p.amends else None,
                p.answers.reference if p.answers else None,
                p.answer_deadline,
                tuple(sorted(o.name for o in p.originator_organizations.all())),
                tuple(sorted(o.name for o in p.originator_persons.all())),
            )
            for p in selectors.visible(Paper)
        ),
        "consultations": sorted(
            # OParl gives the Beratungsfolge's order by position in the list, so compare positions.
            (
                c.paper.reference,
                c.organization.name,
                c.role,
                c.authoritative,
                position,
                c.result,
                c.meeting.start if c.meeting else None,
                c.agenda_item.number if c.agenda_item else None,
            )
            for paper in selectors.visible(Paper)
            for position, c in enumerate(selectors.visible(Consultation).filter(paper=paper).order_by("order", "pk"))
        ),
        "meetings": sorted((m.title, m.organization.name, m.start, m.end, m.state) for m in selectors.visible(Meeting)),
        "agenda_items": sorted(
            # order as OParl means it: the position in the meeting's agenda (ours is a sort key)
            (a.meeting.start, a.number, _position(a), a.name, a.public, a.result, a.resolution_text)
            for a in selectors.visible(AgendaItem)
        ),
        "files": sorted(
            (
                f.name,
                f.file_name,
                f.sha512,
                f.size,
                f.media_type,
                f.role,
                f.text.strip(),
                f.paper.reference if f.paper else None,
            )
            for f in selectors.visible(File)
        ),
        "votes": sorted(
            (
                v.agenda_item.meeting.start,
                v.agenda_item.number,
                v.yes,
                v.no,
                v.abstain,
                v.unanimous,
                v.result,
                tuple(sorted((g.organization.name, g.yes, g.no, g.abstain) for g in v.group_counts.all())),
            )
            for v in Vote.objects.filter(agenda_item__in=selectors.visible(AgendaItem))
        ),
        "organizations": sorted((o.name, o.short_name, o.organization_type) for o in Organization.objects.all()),
        "persons": sorted((p.name, p.given_name, p.family_name) for p in Person.objects.all()),
        "memberships": sorted(
            (m.person.name, m.organization.name, m.role, m.voting_right) for m in Membership.objects.all()
        ),
    }


def record_api() -> dict[str, tuple[int, str, bytes]]:
    """Every response of our API that a crawl touches, files included."""
    recorded = {}

    def fetch(url):
        response = Client().get(url.removeprefix(SITE))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        recorded[url.removeprefix(SITE)] = (response.status_code, response["Content-Type"], content)
        return response.status_code, dict(response.headers.items()), content

    checker = Checker(fetch, f"{SITE}/oparl/v1.1")
    checker.crawl()
    checker.check_files(fetch)
    assert not checker.problems, checker.problems
    return recorded


def test_demo_round_trip_through_our_oparl_server(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    before = snapshot()
    assert before["votes"] and before["consultations"] and before["files"]
    recorded = record_api()
    if connection.vendor == "postgresql":
        # TRUNCATE inside the test's transaction needs the deferred foreign-key checks done first.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert Paper.objects.count() == 0

    server = FixtureServer().start()
    try:
        for path, (status, content_type, content) in recorded.items():
            if "json" in content_type:
                content = content.replace(SITE.encode(), server.base.encode())
            server.add(path, Answer(status, content, content_type=content_type))
        source = HttpSource(timeout=5, retries=1, backoff=0.01, parallel=2)
        summary = Importer(source, Options(progress=False)).run(f"{server.base}/oparl/v1.1/system")
    finally:
        server.stop()

    assert summary.files_failed == 0 and summary.files_downloaded == len(before["files"])
    after = snapshot()
    for key in before:
        assert after[key] == before[key], key
