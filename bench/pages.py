"""Server time and SQL query count per public page type on a generated archive.

Run: ``python -m bench pages`` (``BENCH_PAPERS=50000`` for a bigger archive; set DATABASE_URL
for PostgreSQL). The archive is generated in a throw-away test database, never in yours.

The baseline, measured in the same run, is the same page type in an almost empty archive
(one body, a handful of records): the ratio big/baseline shows how a page scales with the
archive, and equal query counts show that no page issues a query per item.

Paper and meeting pages and the iCal feed are measured twice: rendered on every request (the
page cache off: the first reader after a change, or a signed-in reader who sees more) and as
anonymous readers get them with the page cache on (``ris/page_cache.py``; this process's local
cache stands in for Redis). Requests go through Django's whole stack but without the test
framework's template instrumentation (``setup_test_environment``), which copies every template
context and is no part of a server's time.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "40"))
CONSULTATIONS_PER_PAPER = 3
ITEMS_PER_MEETING = 25


def _generate(*, papers: int, seed: int = 7) -> dict:
    """Bulk-create one body's archive: committees, people, meetings with agendas and votes,
    papers with a Beratungsfolge and a main file of three pages. Returns sample objects."""
    from motions.models import Consultation, ConsultationRole, File, FilePage, Paper, PaperType
    from sessions.models import AgendaItem, Body, Meeting, MeetingState, Membership, Organization, Person, Result, Vote

    rng = random.Random(seed)
    tag = f"{papers}-{time.monotonic_ns()}"
    body = Body.objects.create(name=f"Benchstadt {tag}", slug=f"bench-{tag}"[:100])
    orgs = Organization.objects.bulk_create(
        [
            Organization(body=body, name=f"Ausschuss {i}", short_name=f"A{i}", seats=15)
            for i in range(max(3, papers // 1000))
        ]
    )
    persons = Person.objects.bulk_create(
        [Person(body=body, name=f"Person {i}", family_name=f"P{i:05}") for i in range(max(10, papers // 100))]
    )
    Membership.objects.bulk_create(
        [Membership(person=p, organization=orgs[i % len(orgs)], role="Mitglied") for i, p in enumerate(persons)]
    )
    n_meetings = max(2, papers * CONSULTATIONS_PER_PAPER // ITEMS_PER_MEETING)
    start = timezone.now() - datetime.timedelta(days=3 * 365)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                organization=orgs[i % len(orgs)],
                start=start + datetime.timedelta(hours=13 * i),
                state=MeetingState.HELD,
                live=True,
            )
            for i in range(n_meetings)
        ]
    )
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=m,
                number=f"Ö {j + 1}",
                order=j,
                name=f"Punkt {j + 1}",
                public=j % 10 != 9,
                result=Result.ADOPTED,
            )
            for m in meetings
            for j in range(ITEMS_PER_MEETING)
        ],
        batch_size=2000,
    )
    Vote.objects.bulk_create(
        [
            Vote(
                agenda_item=it,
                yes=rng.randint(5, 15),
                no=rng.randint(0, 4),
                abstain=rng.randint(0, 2),
                result=Result.ADOPTED,
            )
            for it in items
        ],
        batch_size=2000,
    )
    types = [PaperType.RESOLUTION_PROPOSAL, PaperType.MOTION, PaperType.INQUIRY, PaperType.INFORMATION]
    paper_objs = Paper.objects.bulk_create(
        [
            Paper(
                body=body,
                reference=f"B/{i:06}/2024",
                paper_type=types[i % len(types)],
                name=f"Vorlage {i} über die Sanierung der Straße Nr. {i}",
                date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i % 1200),
                public=i % 20 != 0,
                live=True,
                facts="<p>" + "Sachverhalt. " * 60 + "</p>",
            )
            for i in range(papers)
        ],
        batch_size=2000,
    )
    consultations, item_iter = [], iter(items)
    for paper in paper_objs:
        for k in range(CONSULTATIONS_PER_PAPER):
            item = next(item_iter, None)
            consultations.append(
                Consultation(
                    paper=paper,
                    organization=orgs[k % len(orgs)],
                    order=k,
                    role=ConsultationRole.PRELIMINARY,
                    meeting_id=item.meeting_id if item else None,
                    agenda_item=item,
                    result=Result.ADOPTED if item else "",
                )
            )
    Consultation.objects.bulk_create(consultations, batch_size=5000)
    files = File.objects.bulk_create(
        [
            File(
                body=body,
                paper=p,
                name=f"Vorlage {p.reference}",
                file_name=f"{p.pk}.pdf",
                page_count=3,
                extraction_state="fertig",
            )
            for p in paper_objs
        ],
        batch_size=2000,
    )
    FilePage.objects.bulk_create(
        [FilePage(file=f, number=n, text="Text der Seite. " * 80) for f in files for n in (1, 2, 3)], batch_size=5000
    )
    public_papers = [p for p in paper_objs if p.public]
    return {
        "paper": [p.get_absolute_url() for p in rng.sample(public_papers, min(SAMPLES, len(public_papers)))],
        "meeting": [m.get_absolute_url() for m in rng.sample(meetings, min(SAMPLES, len(meetings)))],
        "organization": [o.get_absolute_url() for o in orgs[:SAMPLES]],
        "file text": [f"/dateien/{f.pk}/" for f in rng.sample([f for f in files if f.paper.public], min(SAMPLES, 20))],
        "paper list": ["/vorlagen/", f"/vorlagen/?art=antrag&koerperschaft={body.slug}", "/vorlagen/?seite=50"],
        "meeting list": ["/sitzungen/", "/sitzungen/?zeit=vergangene&seite=3"],
        "home": ["/"],
        "rss feed": ["/feeds/vorlagen/"],
        "ical": ["/feeds/sitzungen.ics"],
        "sitemap": ["/sitemap.xml", "/sitemap-vorlagen.xml"],
        "search page": [
            "/suche/?q=Sanierung+Stra%C3%9Fe",
            f"/suche/?q={paper_objs[len(paper_objs) // 2].reference}",
            f"/suche/?q=Vorlage+{len(paper_objs) // 3}",
        ],
    }


# Measured with the page cache off and on; the rest is never cached.
CACHED_KINDS = ("paper", "meeting", "ical", "search page")


def _measure(client: Client, urls: list[str]) -> dict:
    times, cpu, queries = [], [], []
    for url in urls:
        client.get(url)  # warm caches the way a running server has them (and fill the page cache)
    rounds = max(1, SAMPLES // len(urls))
    for _ in range(rounds):
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
            assert response.status_code == 200, (url, response.status_code)
            times.append(elapsed * 1000)
            cpu.append(elapsed_cpu * 1000)
            queries.append(len(ctx.captured_queries))
    return {
        "median": statistics.median(times),
        "p95": _p95(times),
        "cpu_median": statistics.median(cpu),
        "cpu_p95": _p95(cpu),
        "queries": max(queries),
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _analyze():
    """Fresh planner statistics, as a long-running database has them after autovacuum."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _measure_all(client: Client, urls: dict) -> dict:
    from django.conf import settings
    from django.core.cache import cache

    settings.RIS_PAGE_CACHE_SECONDS = 0
    results = {kind: _measure(client, kind_urls) for kind, kind_urls in urls.items()}
    settings.RIS_PAGE_CACHE_SECONDS = 600
    cache.clear()
    for kind in CACHED_KINDS:
        results[f"{kind} cached"] = _measure(client, urls[kind])
    settings.RIS_PAGE_CACHE_SECONDS = 0
    return results


def _index():
    """The search index of everything generated (bulk_create sends no signals)."""
    from search import indexing

    started = time.perf_counter()
    written = indexing.rebuild()
    return written, time.perf_counter() - started


def _uptime() -> str:
    with open("/proc/loadavg") as handle:
        return "load average " + ", ".join(handle.read().split()[:3])


def main():
    from django.conf import settings

    papers = int(os.environ.get("BENCH_PAPERS", "20000"))
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        client = Client()
        baseline_urls = _generate(papers=30)
        _index()
        _analyze()
        print(f"   baseline (30 papers) from {_uptime()} on {os.cpu_count()} CPUs", flush=True)
        baseline = _measure_all(client, baseline_urls)
        started = time.perf_counter()
        big_urls = _generate(papers=papers)
        generated = time.perf_counter() - started
        written, indexed = _index()
        _analyze()
        print(
            f"   archive: {papers} papers, {papers * CONSULTATIONS_PER_PAPER} consultations, "
            f"generated in {generated:.1f} s on {connection.vendor}, {written} search documents in {indexed:.1f} s; "
            f"measured from {_uptime()}",
            flush=True,
        )
        big = _measure_all(client, big_urls)
        print(f"   measured until {_uptime()}")
        print("   wall = server time per request; cpu = of the Django process alone (the database excluded)")
        print(
            f"   {'page':<14}{'wall med':>9}{'p95':>7}{'cpu med':>8}{'p95':>7}{'queries':>8}  |"
            f"{'baseline wall med':>18}{'p95':>7}{'queries':>8}{'ratio':>7}"
        )
        for kind, r in big.items():
            base = baseline[kind]
            ratio = r["median"] / base["median"] if base["median"] else float("nan")
            print(
                f"   {kind:<14}{r['median']:>9.1f}{r['p95']:>7.1f}{r['cpu_median']:>8.1f}{r['cpu_p95']:>7.1f}"
                f"{r['queries']:>8}  |{base['median']:>18.1f}{base['p95']:>7.1f}{base['queries']:>8}{ratio:>7.2f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
