"""OParl benchmark: list pages of 100 objects (server time and queries) and the importer's throughput.

Runs in a throw-away test database (SQLite in memory, or ``test_<name>`` on PostgreSQL when
``DATABASE_URL`` points there). Baselines are measured in the same run:
- list pages: the same serializers over the same 100 objects without the prefetching
  (``oparl.selectors.prefetched``), i.e. naive per-object serialisation;
- importer: the same importer with Wagtail's reference index and the per-child "touch parent"
  signals left on, i.e. plain ORM saves with every signal.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import statistics
import time
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

HUERTGENWALD = Path("/work/shared/oparl/fixtures/huertgenwald-sternberg-sdnet-oparl-1.0")
HUERTGENWALD_BASE = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/"
PAPERS, MEETINGS, ITEMS_PER_MEETING = 3000, 300, 10


def _archive():
    """A generated archive: papers with consultations and files, meetings with agenda items."""
    from motions.models import Consultation, File, FileRole, Paper
    from sessions.models import AgendaItem, Body, Meeting, Membership, Organization, Person

    body = Body.objects.create(name="Stadt Benchhausen", slug="benchhausen")
    orgs = Organization.objects.bulk_create(Organization(body=body, name=f"Ausschuss {i}") for i in range(20))
    persons = Person.objects.bulk_create(Person(body=body, name=f"Person {i}") for i in range(200))
    Membership.objects.bulk_create(
        Membership(person=p, organization=orgs[i % 20], role="Mitglied") for i, p in enumerate(persons)
    )
    start = timezone.now() - datetime.timedelta(days=3000)
    meetings = Meeting.objects.bulk_create(
        Meeting(organization=orgs[i % 20], start=start + datetime.timedelta(days=i), live=True) for i in range(MEETINGS)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, number=f"Ö {n}", order=n, name=f"Punkt {n}", public=True)
        for m in meetings
        for n in range(ITEMS_PER_MEETING)
    )
    papers = Paper.objects.bulk_create(
        Paper(body=body, reference=f"V/{i:05}", name=f"Vorlage {i}", date=start.date(), public=True, live=True)
        for i in range(PAPERS)
    )
    Consultation.objects.bulk_create(
        Consultation(
            paper=p,
            organization=orgs[(i + k) % 20],
            order=k,
            agenda_item=items[(i * 3 + k) % len(items)],
            meeting=items[(i * 3 + k) % len(items)].meeting,
        )
        for i, p in enumerate(papers)
        for k in range(3)
    )
    File.objects.bulk_create(
        File(
            body=body,
            paper=p,
            name=f"Datei {i}-{k}",
            file_name=f"d{i}-{k}.pdf",
            size=1000,
            sha512="0" * 128,
            text="Text " * 50,
            role=FileRole.MAIN if k == 0 else FileRole.ATTACHMENT,
        )
        for i, p in enumerate(papers)
        for k in range(2)
    )
    for p in papers[::10]:
        p.originator_organizations.add(orgs[0])
    return body


@contextlib.contextmanager
def _counting():
    """Count queries without Django's debug log (which keeps only the last 9,000)."""
    counter = [0]

    def wrapper(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


def _time_page(url: str, runs: int = 7) -> tuple[float, int]:
    client = Client()
    client.get(url)  # warm caches and URL resolution
    times, queries = [], 0
    for _ in range(runs):
        with _counting() as counter:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:200]
        queries = counter[0]
    return statistics.median(times) * 1000, queries


def _naive_page(model, scope: dict, runs: int = 7) -> tuple[float, int]:
    """The baseline: the same 100 objects serialised one by one without prefetching."""
    import json

    from oparl import selectors, serializers

    times, queries = [], 0
    for _ in range(runs):
        with _counting() as counter:
            started = time.perf_counter()
            objects = list(selectors.visible(model).filter(**scope).order_by("pk")[200:300])
            json.dumps([serializers.serialize(o) for o in objects], ensure_ascii=False)
            times.append(time.perf_counter() - started)
        queries = counter[0]
    return statistics.median(times) * 1000, queries


def _lists(body) -> None:
    from motions.models import Paper
    from sessions.models import Meeting

    for kind, model, scope in (
        ("paper", Paper, {"body": body}),
        ("meeting", Meeting, {"organization__body": body}),
    ):
        ms, queries = _time_page(f"/oparl/v1.1/body/{body.pk}/{kind}?limit=100&page=3")
        naive_ms, naive_queries = _naive_page(model, scope)
        print(
            f"   list {kind:8} 100 objects: {ms:7.1f} ms, {queries:3} queries | naive: {naive_ms:7.1f} ms, "
            f"{naive_queries:5} queries | {naive_ms / ms:4.1f}x faster, {naive_queries / queries:5.1f}x fewer queries",
            flush=True,
        )


def _import(base: str, *, naive: bool) -> tuple[float, float, int]:
    from motions.models import Consultation, File, Paper
    from sessions.models import AgendaItem, Meeting, Membership, Organization, Person

    patches = (
        [
            mock.patch("oparl.importer.run.disable_reference_index_auto_update", contextlib.nullcontext),
            mock.patch("oparl.importer.run.signals.suspended", contextlib.nullcontext),
        ]
        if naive
        else []
    )
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        started = time.perf_counter()
        call_command("import_oparl", f"{base}/h/system", "--no-files", "--no-progress", stdout=io.StringIO())
        first = time.perf_counter() - started
        started = time.perf_counter()
        call_command("import_oparl", f"{base}/h/system", "--no-files", "--no-progress", stdout=io.StringIO())
        again = time.perf_counter() - started
    objects = sum(
        m.objects.count() for m in (Paper, Meeting, AgendaItem, Consultation, File, Person, Membership, Organization)
    )
    return first, again, objects


def _importer() -> None:
    from oparl.models import ImportProblem, SyncState
    from tests.oparl.fixture_server import FixtureServer

    server = FixtureServer().start()
    server.add_folder("/h/", HUERTGENWALD, HUERTGENWALD_BASE)
    try:
        first, again, objects = _import(server.base, naive=False)
        call_command("flush", interactive=False, verbosity=0)
        SyncState.objects.all().delete()
        ImportProblem.objects.all().delete()
        naive_first, naive_again, _ = _import(server.base, naive=True)
    finally:
        server.stop()
    print(
        f"   import Hürtgenwald ({objects} objects, no file downloads, loopback HTTP): {first:6.1f} s "
        f"({objects / first:5.0f} objects/s); nothing new: {again:4.1f} s",
        flush=True,
    )
    print(
        f"   baseline (every save signal on): {naive_first:6.1f} s ({objects / naive_first:5.0f} objects/s) "
        f"| {naive_first / first:4.1f}x faster",
        flush=True,
    )


def main():
    """``OPARL_BENCH=lists`` or ``=import`` runs one part only."""
    import os

    from django.conf import settings

    parts = os.environ.get("OPARL_BENCH", "lists,import").split(",")

    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        print(f"   database: {vendor}", flush=True)
        if "lists" in parts:
            body = _archive()
            print(
                f"   archive: {PAPERS} papers, {MEETINGS} meetings, {MEETINGS * ITEMS_PER_MEETING} agenda items",
                flush=True,
            )
            _lists(body)
            call_command("flush", interactive=False, verbosity=0)
        if "import" in parts:
            _importer()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
