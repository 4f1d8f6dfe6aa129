"""OParl benchmark: list pages of 100 objects (server time and queries) and the importer's throughput.

Runs in a throw-away test database (SQLite in memory, or ``bench_<name>`` on PostgreSQL when
``DATABASE_URL`` points there). Baselines are measured in the same run:
- list pages: the same 100 objects served one by one, as ``/oparl/v1.1/<type>/<id>`` loads them
  (``oparl.embedded.load`` per object), i.e. naive per-object serialisation;
- importer: the same importer with Wagtail's reference index and the per-child "touch parent"
  signals left on, i.e. plain ORM saves with every signal.

``OPARL_BENCH_RUNS`` (default 30) sets how many requests each list page gets; the median and the
95th percentile are printed. Requests run with ``DEBUG = False``, as in production.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import io
import json
import os
import statistics
import time
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

_BESIDE = Path(__file__).resolve().parents[2] / "shared" / "oparl"
HUERTGENWALD = (
    (_BESIDE if _BESIDE.exists() else Path("/work/shared/oparl"))
    / "fixtures"
    / ("huertgenwald-sternberg-sdnet-oparl-1.0")
)
HUERTGENWALD_BASE = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/"
# ``OPARL_BENCH_SCALE`` multiplies the archive (10: 30,000 papers, 3,000 meetings, 30,000 agenda items).
SCALE = int(os.environ.get("OPARL_BENCH_SCALE", "1"))
PAPERS, MEETINGS, ITEMS_PER_MEETING = 3000 * SCALE, 300 * SCALE, 10
COMMITTEES, OTHER_ORGANIZATIONS, PERSONS, TERMS = 20, 200, 600, 200
PAGE = 2  # objects 101-200 of each list, so that every list type has a full page


def _archive():
    """A generated archive with every kind of embedded object OParl has.

    Papers with three consultations, two files and (every tenth) a location; meetings with a
    location, an invitation, ten participants and ten agenda items, of which every second has a
    vote with a per-Fraktion breakdown and every fifth a resolution file; persons with two
    memberships; enough organizations and legislative terms for a page of 100.
    """
    from motions.models import Consultation, File, FileRole, Paper
    from sessions.models import (
        AgendaItem,
        Attendance,
        Body,
        LegislativeTerm,
        Location,
        Meeting,
        Membership,
        Organization,
        Person,
        Result,
        Vote,
        VoteGroupCount,
    )

    body = Body.objects.create(name="Stadt Benchhausen", slug="benchhausen")
    orgs = Organization.objects.bulk_create(
        Organization(body=body, name=f"Ausschuss {i}") for i in range(COMMITTEES + OTHER_ORGANIZATIONS)
    )
    persons = Person.objects.bulk_create(Person(body=body, name=f"Person {i}") for i in range(PERSONS))
    Membership.objects.bulk_create(
        Membership(person=p, organization=orgs[(i + k) % len(orgs)], role="Mitglied")
        for i, p in enumerate(persons)
        for k in range(2)
    )
    LegislativeTerm.objects.bulk_create(
        LegislativeTerm(body=body, name=f"Wahlperiode {i}", start_date=datetime.date(1800 + i, 1, 1))
        for i in range(TERMS)
    )
    rooms = Location.objects.bulk_create(
        Location(description=f"Sitzungssaal {i}", street_address="Markt 1", postal_code="12345", locality="Benchhausen")
        for i in range(MEETINGS)
    )
    start = timezone.now() - datetime.timedelta(days=3000)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            organization=orgs[i % COMMITTEES], start=start + datetime.timedelta(days=i), live=True, location=rooms[i]
        )
        for i in range(MEETINGS)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, person=persons[(i + k) % PERSONS]) for i, m in enumerate(meetings) for k in range(10)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, number=f"Ö {n}", order=n, name=f"Punkt {n}", public=True)
        for m in meetings
        for n in range(ITEMS_PER_MEETING)
    )
    votes = Vote.objects.bulk_create(
        Vote(agenda_item=item, yes=20, no=5, abstain=1, result=Result.ADOPTED) for item in items[::2]
    )
    VoteGroupCount.objects.bulk_create(
        VoteGroupCount(vote=vote, organization=orgs[COMMITTEES + k], yes=7, no=1, abstain=0)
        for vote in votes
        for k in range(3)
    )
    papers = Paper.objects.bulk_create(
        Paper(body=body, reference=f"V/{i:05}", name=f"Vorlage {i}", date=start.date(), public=True, live=True)
        for i in range(PAPERS)
    )
    Consultation.objects.bulk_create(
        Consultation(
            paper=p,
            organization=orgs[(i + k) % COMMITTEES],
            order=k,
            agenda_item=items[(i * 3 + k) % len(items)],
            meeting=items[(i * 3 + k) % len(items)].meeting,
        )
        for i, p in enumerate(papers)
        for k in range(3)
    )

    def file(i, **owner):
        return File(
            body=body, name=f"Datei {i}", file_name=f"d{i}.pdf", size=1000, sha512="0" * 128, text="Text " * 50, **owner
        )

    File.objects.bulk_create(
        [
            *(
                file(f"{i}-{k}", paper=p, role=FileRole.MAIN if k == 0 else FileRole.ATTACHMENT)
                for i, p in enumerate(papers)
                for k in range(2)
            ),
            *(file(f"E{i}", meeting=m, role=FileRole.INVITATION) for i, m in enumerate(meetings)),
            *(
                file(f"B{i}", meeting=item.meeting, agenda_item=item, role=FileRole.RESOLUTION)
                for i, item in enumerate(items[::5])
            ),
        ]
    )
    places = Location.objects.bulk_create(
        Location(street_address=f"Hauptstraße {i}", postal_code="12345", locality="Benchhausen")
        for i in range(300 * SCALE)
    )
    Paper.locations.through.objects.bulk_create(
        Paper.locations.through(paper=p, location=places[i // 10]) for i, p in enumerate(papers) if i % 10 == 0
    )
    for p in papers[::10]:
        p.originator_organizations.add(orgs[0])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would soon after a bulk load
            cursor.execute("ANALYZE")
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


def _p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)]


def _time_page(url: str, runs: int) -> tuple[list[float], list[float], int, int]:
    """Server time and the server process's CPU time (ms) of each request, queries per request, objects.

    The CPU time leaves out the database's own work and waiting for a core, so on a shared machine
    it is the steadier of the two.
    """
    client = Client()
    client.get(url)  # warm caches and URL resolution
    # As ris/wsgi.py does in a server process: what exists before the requests (here also the
    # generated archive's leftovers) is frozen out of the garbage collector's walks.
    gc.collect()
    gc.freeze()
    times, cpu, queries = [], [], 0
    for _ in range(runs):
        with _counting() as counter:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, response.content[:200]
        queries = counter[0]
    gc.unfreeze()
    return times, cpu, queries, len(json.loads(response.content)["data"])


def _naive_page(model, qs, runs: int) -> tuple[list[float], int]:
    """The baseline: the same 100 objects, each loaded and serialised alone (as its own URL does)."""
    from oparl import embedded, serializers

    ids = list(qs.order_by("pk").values_list("pk", flat=True)[(PAGE - 1) * 100 : PAGE * 100])
    times, queries = [], 0
    for _ in range(runs):
        with _counting() as counter:
            started = time.perf_counter()
            data = [serializers.serialize(obj) for pk in ids for obj in embedded.load(model, qs.filter(pk=pk))]
            json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            times.append((time.perf_counter() - started) * 1000)
        queries = counter[0]
    return times, queries


def _lists(body) -> None:
    from django.db.models import Q

    from oparl import lists, selectors
    from oparl.views import BODY_LIST_SCOPES
    from sessions.models import Location

    runs = int(os.environ.get("OPARL_BENCH_RUNS", "30"))
    kinds = {**BODY_LIST_SCOPES, "locationList": (Location, None)}
    print(
        f"   {'list, 100 objects':20} {'median':>8} {'p95':>8} {'CPU':>8} {'queries':>7} | "
        f"naive per object: {'median':>8} {'queries':>7} | ratio"
    )
    for kind, (model, scope) in kinds.items():
        times, cpu, queries, objects = _time_page(f"/oparl/v1.1/body/{body.pk}/{kind}?limit=100&page={PAGE}", runs)
        assert objects == 100, (kind, objects)
        scope_q = selectors.location_q(body) if scope is None else Q(**{scope: body})
        qs = lists.base_queryset(model, lists.ListParams()).filter(scope_q)
        naive, naive_queries = _naive_page(model, qs, max(3, runs // 10))
        median, naive_median = statistics.median(times), statistics.median(naive)
        print(
            f"   {kind:20} {median:6.1f}ms {_p95(times):6.1f}ms {statistics.median(cpu):6.1f}ms {queries:7} | "
            f"{'':17}{naive_median:6.1f}ms "
            f"{naive_queries:7} | {naive_median / median:5.1f}x faster",
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


def _naive_failures(failures, store) -> None:
    """The baseline for failed downloads: three committed writes per file, as before issue 18."""
    from oparl.importer.files import MAX_BACKOFF
    from oparl.models import ImportProblem, RemoteFile

    for file, reason in failures:
        remote, _ = RemoteFile.objects.get_or_create(file=file)
        remote.attempts += 1
        remote.last_error = reason[:2000]
        remote.next_attempt_at = timezone.now() + min(datetime.timedelta(hours=2 ** (remote.attempts - 1)), MAX_BACKOFF)
        remote.save()
        ImportProblem.objects.update_or_create(
            url=file.external_url[:1000],
            reason=f"Download fehlgeschlagen: {reason}"[:500],
            defaults={"object_type": "File"},
        )


def _run(url: str, *args) -> float:
    started = time.perf_counter()
    call_command("import_oparl", url, "--no-progress", *args, stdout=io.StringIO())
    return time.perf_counter() - started


def _reset() -> None:
    from oparl.models import ImportProblem, SourceDigest, SyncState

    call_command("flush", interactive=False, verbosity=0)
    for model in (SyncState, ImportProblem, SourceDigest):
        model.objects.all().delete()


def _downloads_and_ignored_filters() -> None:
    """Issue 18: the Hürtgenwald dump with its failing file downloads (every file URL answers 404
    here, as the dump's 6,947 do), a second run (files in back-off), and a run against a server
    that ignores ``modified_since`` and sends every list in full again."""
    from motions.models import File
    from tests.oparl.fixture_server import FixtureServer

    server = FixtureServer().start()
    server.add_folder("/h/", HUERTGENWALD, HUERTGENWALD_BASE)
    url = f"{server.base}/h/system"
    try:
        _reset()
        indexed = _import_then_index_ab(url)
        first = indexed.command
        files = File.objects.count()
        again = _run(url)
        server.filtered_lists_404 = False  # from now on every filtered list answers in full
        ignored = _run(url)
        _reset()
        server.filtered_lists_404 = True
        with mock.patch("oparl.importer.files._record_failures", _naive_failures):
            naive, _ = _import_then_index(url)
    finally:
        server.stop()
    print(
        f"   import Hürtgenwald with {files} failing downloads: {first:6.1f} s (target 45 s) | baseline (three "
        f"committed writes per failure): {naive:6.1f} s | {naive / first:4.1f}x faster; load average "
        f"{os.getloadavg()[0]:.1f}",
        flush=True,
    )
    print(indexed.report("Hürtgenwald, import and search index", 45), flush=True)
    print(f"   second run (failed files in back-off): {again:5.1f} s", flush=True)
    print(
        f"   no-change run, server ignores modified_since (every list in full): {ignored:5.1f} s (target 3 s); "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def _import_then_index(url: str, *args) -> tuple[float, float]:
    """The import command, then the search index brought up to date (as a worker drains the outbox).

    Without a broker the drain runs inside the command, right after its commit; it is timed on its
    own here so that the importer's writes and the indexing of what they wrote show apart."""
    from outbox.services import outbox_drain

    with mock.patch("outbox.services._kick"):  # no inline drain: the worker's part is timed below
        command = _run(url, *args)
    started = time.perf_counter()
    outbox_drain()
    return command, time.perf_counter() - started


@dataclasses.dataclass
class Indexed:
    command: float
    index: float
    before: float  # the same messages indexed by the indexing before issue 18's work (bench/_indexing_before.py)
    documents: int
    same: bool  # both wrote the same documents and tags

    def report(self, label: str, target: int) -> str:
        total = self.command + self.index
        return (
            f"   {label}: command {self.command:5.1f} s + search indexing {self.index:5.1f} s = {total:5.1f} s "
            f"(target {target} s, embedded mode: the drain runs in-process) | indexing before: {self.before:5.1f} s "
            f"({self.command + self.before:5.1f} s in all) | indexing {self.before / self.index:4.1f}x faster; "
            f"{self.documents:,} documents, {'identical' if self.same else 'DIFFERENT'} to the old indexing's; "
            f"load average {os.getloadavg()[0]:.1f}"
        )


def _import_then_index_ab(url: str, *args) -> Indexed:
    """``_import_then_index``, then the same outbox messages indexed again from an empty index by the
    indexing as it was before (the A/B baseline, measured in the same run), and the two compared."""
    from outbox.models import Message
    from outbox.services import outbox_drain
    from search import indexing, outbox_handlers
    from search.models import SearchDocument

    from . import _indexing_before

    with mock.patch("outbox.services._kick"):
        command = _run(url, *args)
    payloads = list(Message.objects.order_by("pk").values_list("topic", "payload"))
    _index_empty(indexing, _indexing_before)
    started = time.perf_counter()
    outbox_drain()
    index = time.perf_counter() - started
    new = _index_digest()
    Message.objects.bulk_create(Message(topic=topic, payload=payload) for topic, payload in payloads)
    _index_empty(indexing, _indexing_before)
    with mock.patch.object(outbox_handlers, "indexing", _indexing_before):
        started = time.perf_counter()
        outbox_drain()
        before = time.perf_counter() - started
    return Indexed(command, index, before, SearchDocument.objects.count(), new == _index_digest())


def _index_empty(*modules) -> None:
    """No documents, tags or vocabulary words (as before a first import), no cached decompounder."""
    from search.models import SearchDocument, SearchTag, VocabularyWord

    for model in (SearchTag, SearchDocument, VocabularyWord):
        model.objects.all().delete()
    for module in modules:
        module._vocabulary["decompounder"] = None


def _index_digest() -> str:
    """A digest of every document's fields (ids and times aside) and its tags."""
    import hashlib

    from search.models import SearchDocument, SearchTag

    fields = [f.attname for f in SearchDocument._meta.fields if f.attname not in ("id", "indexed_at", "vector")]
    digest = hashlib.sha256()
    for row in SearchDocument.objects.order_by("kind", "object_id", "page").values_list(*fields):
        digest.update(repr(row).encode())
    tags = SearchTag.objects.order_by("document__kind", "document__object_id", "document__page", "pk")
    for row in tags.values_list("document__kind", "document__object_id", "document__page", "facet", "value", "label"):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _city() -> None:
    """A generated city-size record (bench/oparl_city.py), without downloads, then re-runs; and the
    same importer with its bulk inserts off (each new record saved alone, with every signal: the
    path before) on a record of ``OPARL_CITY_AB_SCALE`` (default 0.1) times the size, in the same run."""
    import tempfile

    from bench.oparl_city import BASE, SCALE, generate
    from tests.oparl.fixture_server import FixtureServer

    ab_scale = float(os.environ.get("OPARL_CITY_AB_SCALE", "0.1"))
    server = FixtureServer().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            counts = generate(Path(folder), SCALE)
            server.add_folder("/c/", Path(folder), BASE)
            url = f"{server.base}/c/system"
            _reset()
            indexed = _import_then_index_ab(url, "--no-files")
            first = indexed.command
            again, _ = _import_then_index(url, "--no-files")
            server.filtered_lists_404 = False
            ignored, _ = _import_then_index(url, "--no-files")
            server.filtered_lists_404 = True
        with tempfile.TemporaryDirectory() as folder:
            ab_counts = generate(Path(folder), ab_scale)
            server.add_folder("/ab/", Path(folder), BASE)
            url = f"{server.base}/ab/system"
            _reset()
            bulk, _ = _import_then_index(url, "--no-files")
            _reset()
            with mock.patch("oparl.importer.store.BULK", ()):
                single, _ = _import_then_index(url, "--no-files")
    finally:
        server.stop()
    described = ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
    print(f"   city-size import ({described}), no downloads: {first:6.1f} s (target 100 s)", flush=True)
    print(indexed.report("city-size record, import and search index", 100), flush=True)
    print(
        f"   re-run, nothing new: {again:5.1f} s; re-run against a server ignoring modified_since: {ignored:5.1f} s "
        f"(target 10 s); load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    print(
        f"   A/B at {ab_scale:g} x size ({ab_counts['papers']:,} papers, {ab_counts['files']:,} files): bulk inserts "
        f"{bulk:5.1f} s | baseline, each record saved alone with its signals: {single:5.1f} s | "
        f"{single / bulk:4.1f}x faster; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def main():
    """``OPARL_BENCH=lists``, ``=import``, ``=downloads`` or ``=city`` runs one part only."""
    from django.conf import settings

    parts = os.environ.get("OPARL_BENCH", "lists,import,downloads,city").split(",")
    debug = settings.DEBUG

    vendor = connection.vendor
    if vendor == "postgresql":  # not test_<name>, so that the benchmark and the tests can run side by side
        connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        print(f"   database: {vendor}", flush=True)
        if "lists" in parts:
            body = _archive()
            print(
                f"   archive: {PAPERS} papers, {MEETINGS} meetings, {MEETINGS * ITEMS_PER_MEETING} agenda items, "
                f"{PERSONS} persons; page {PAGE} of each list, 100 objects; load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            settings.DEBUG = False
            try:
                _lists(body)
            finally:
                settings.DEBUG = debug
            call_command("flush", interactive=False, verbosity=0)
        settings.DEBUG = False  # as in production: no SQL kept for the debug log
        try:
            if "import" in parts:
                _importer()
            if "downloads" in parts:
                _downloads_and_ignored_filters()
            if "city" in parts:
                _city()
        finally:
            settings.DEBUG = debug
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
