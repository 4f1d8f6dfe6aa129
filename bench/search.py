"""Search benchmark: relevance (recall@10, MRR) and latency of /api/search on a generated archive.

Runs in a test database (``setup_databases``), on whatever ``DATABASE_URL`` names (SQLite by
default, PostgreSQL when set). Sizes: ``RIS_BENCH_SIZE`` small (1,000 papers + 3,000 pages),
default (5,000 + 20,000) or full (the issue's 100,000 + 300,000), or ``RIS_BENCH_PAPERS`` and
``RIS_BENCH_PAGES``; file pages are about 2 KB of German council prose each, 10 % of the papers
non-public. The archive is written with bulk inserts and COPY. Printed, all in the same run:

- index build time (``search_index rebuild``), the size of the index tables and the database;
- the relevance set: 51 German queries (inflections, compounds both ways, umlaut and ß
  spellings, abbreviations, phrases, exclusion, reference numbers) with the paper a reader
  expects; recall@10 and MRR for our search and (below 50,000 documents) a naive ``icontains``;
- latency p50/p95 of the full API for an anonymous user (access, facets, snippets, JSON) for
  1–3 word queries and the same as superuser (the access policy asked per non-public match),
  alternating query by query with a bare full-text SQL query (``ts_rank`` or bm25 over every
  match, top 20, exact count), with ratios against it; each query's best of its three runs (the
  least-disturbed figure on a shared machine); and below 50,000 documents a naive ``icontains``
  scan.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import setup_databases, teardown_databases

PLACES = """Kastanienweg Wiesengrund Ahornplatz Mühlenteich Birkenhain Schwanenteich Eichenhof Lerchenfeld
Brunnenhof Quellgrund Fuchsbau Rabenstein Falkenhorst Distelfeld Holunderweg Kranichwiese Otterbach
Weidenaue Schlehenhang Ginsterheide Wacholderweg Erlenbruch Hasenheide Mispelgarten Ulmenallee Krähenwinkel
Dachsberg Storchennest Buchfinkweg Rotdornweg Moorwiese Heckenrose Marderweg Nussbaumhof Kiefernsteig
Ebereschenweg Sandgrube Wolfsgrund Tannenhöhe Lindenhügel Pappelallee Spatzenplatz Hirschsprung Elsterweg
Biberdamm""".split()

# (title of the expected paper, what a reader types); {p} is a place name only these papers have.
FEATURES = [
    ("Sanierung der Grundschule {p}", "Schulsanierung {p}"),
    ("Breitbandausbau im Ortsteil {p}", "Breitband {p}"),
    ("Anfrage zur Beleuchtung am {p}", "Anfragen Beleuchtung {p}"),
    ("Neubau der Kindertagesstätte {p}", "Kita {p}"),
    ("Bericht des Oberbürgermeisters zum {p}", "OB Bericht {p}"),
    ("Onlinezugangsgesetz: digitales Bürgerbüro {p}", "OZG Buergerbuero {p}"),
    ("Verkehrsberuhigung der Straße am {p}", "Strasse Verkehrsberuhigung {p}"),
    ("Tagesordnungspunkt zur Sitzung am {p}", "TOP Sitzung {p}"),
    ("Erweiterung der Grundschulen am {p}", "Grundschule Erweiterung {p}"),
    ("Änderung des Bebauungsplans {p}", "B-Plan {p}"),
    ("Sanierung der Turnhallen am {p}", "Turnhalle Sanierungen {p}"),
    ("Radwegebau zwischen Markt und {p}", "Radweg {p}"),
    ("Schließung der Bäder am {p}", "Baeder Schliessung {p}"),
    ("Feuerwehrgerätehaus {p}", "Feuerwehr Gerätehaus {p}"),
    ("Ausbau des öffentlichen Personennahverkehrs am {p}", "ÖPNV {p}"),
]
DISTRACTOR_TOPICS = ["Parkordnung", "Baumpflege", "Spielplatzprüfung"]

NOUNS = """Haushalt Satzung Verwaltung Sanierung Grundschule Kindertagesstätte Straßenbeleuchtung Radweg Feuerwehr
Abwasser Friedhof Sportplatz Turnhalle Bibliothek Museum Jugendzentrum Seniorenheim Bebauungsplan Gewerbegebiet
Wohnungsbau Klimaschutz Photovoltaik Gebäude Personal Stellenplan Förderung Zuschuss Vertrag Ausschreibung
Vergabe Breitband Digitalisierung Verkehr Parkplatz Bushaltestelle Spielplatz Grünfläche Bauhof Stadtwerke
Wasserversorgung Müllabfuhr Gebühren Steuern Grundsteuer Gewerbesteuer Kreisumlage Rücklage Investition""".split()
VERBS = """beschließt prüft beauftragt empfiehlt bestätigt lehnt verweist genehmigt beantragt stellt""".split()
ADJECTIVES = """öffentliche neue dringende geplante erforderliche zusätzliche jährliche städtische""".split()
FILLERS = """Die Verwaltung wird gebeten, bis zur nächsten Sitzung zu berichten. Die Kosten werden aus dem laufenden
Haushalt gedeckt. Der Ausschuss nimmt den Bericht zur Kenntnis. Die Maßnahme ist mit den Fachämtern abgestimmt.
Eine Beteiligung der Öffentlichkeit ist vorgesehen. Die Mittel stehen im Finanzplan zur Verfügung.""".split(". ")

LATENCY_QUERIES = [
    "Sanierung",
    "Haushalt",
    "Verwaltung",
    "Grundschule",
    "Feuerwehr",
    "Schulsanierung",
    "Breitband",
    "Radweg Beleuchtung",
    "Kita Erweiterung",
    "Bebauungsplan Gewerbegebiet",
    "Grundsteuer Rücklage",
    "Photovoltaik Gebäude",
    "Friedhof Gebühren",
    "Stadtwerke Wasserversorgung Investition",
    "Haushalt Stellenplan Personal",
    "Klimaschutz",
    "Vergabe Ausschreibung",
    "Spielplatz",
    "Bushaltestelle Verkehr",
    "Zuschuss Förderung Museum",
]


def _sentence(rng: random.Random) -> str:
    return (
        f"Der Stadtrat {rng.choice(VERBS)} die {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
        f"für {rng.choice(NOUNS)} und {rng.choice(NOUNS)}. {rng.choice(FILLERS)}."
    )


class Prose:
    """German council prose of a given length, drawn from a pool of sentences (fast at 300,000 pages)."""

    def __init__(self, rng: random.Random, pool: int = 20_000):
        self.rng = rng
        self.sentences = [_sentence(rng) for _ in range(pool)]
        self.average = sum(len(x) + 1 for x in self.sentences) / pool

    def text(self, size: int = 2000) -> str:
        return " ".join(self.rng.choices(self.sentences, k=max(1, round(size / self.average))))


def generate(n_papers: int, n_pages: int, seed: int = 4) -> None:
    """The archive, written with bulk inserts and COPY (no signals)."""
    from motions.models import ExtractionState, File, FilePage, Paper, PaperType
    from sessions.models import Body

    rng = random.Random(seed)
    prose = Prose(rng)
    body = Body.objects.create(name="Stadt Benchhausen", slug="benchhausen")
    types = [PaperType.MOTION, PaperType.INQUIRY, PaperType.RESOLUTION_PROPOSAL, PaperType.INFORMATION]
    papers = []
    for i in range(n_papers):
        papers.append(
            Paper(
                body=body,
                reference=f"V/{i:05}/{2015 + i % 10}",
                paper_type=types[i % len(types)],
                name=f"{rng.choice(NOUNS)}: {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} ({i})",
                date=datetime.date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
                public=i % 10 != 0,
                live=True,
                facts=prose.text(600),
            )
        )
    for n, place in enumerate(PLACES):
        title, _query = FEATURES[n % len(FEATURES)]
        reference = f"A/{n:04}/2023"
        papers.append(
            Paper(
                body=body,
                reference=reference,
                paper_type=PaperType.MOTION,
                name=title.format(p=place),
                live=True,
                date=datetime.date(2023, 5, 1),
            )
        )
        for k, topic in enumerate(DISTRACTOR_TOPICS):
            papers.append(
                Paper(
                    body=body,
                    reference=f"D/{n:04}/{k}",
                    paper_type=PaperType.INFORMATION,
                    name=f"{topic} am {place}",
                    facts=f"Bezug: {reference}. {prose.text(300)}",
                    live=True,
                    date=datetime.date(2024, 1, 1 + k),
                )
            )
    Paper.objects.bulk_create(papers, batch_size=2000)
    paper_ids = list(Paper.objects.filter(reference__startswith="V/").values_list("pk", flat=True))
    files = [
        File(
            body=body,
            paper_id=paper_ids[i % len(paper_ids)],
            name=f"Anlage {i}",
            file_name=f"anlage-{i}.pdf",
            extraction_state=ExtractionState.DONE,
        )
        for i in range(max(1, n_pages // 4))
    ]
    File.objects.bulk_create(files, batch_size=2000)
    file_ids = list(File.objects.values_list("pk", flat=True))
    pages = ((file_ids[i // 4 % len(file_ids)], i % 4 + 1, prose.text()) for i in range(n_pages))
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {FilePage._meta.db_table} (file_id, number, text) FROM STDIN") as copy,
        ):
            for row in pages:
                copy.write_row(row)
    else:
        batch = []
        for file_id, number, text in pages:
            batch.append(FilePage(file_id=file_id, number=number, text=text))
            if len(batch) >= 2000:
                FilePage.objects.bulk_create(batch)
                batch = []
        FilePage.objects.bulk_create(batch)


def relevance_set() -> list[tuple[str, str]]:
    """(what a reader types, reference of the paper they expect) for the planted papers."""
    relevance = []
    for n, place in enumerate(PLACES):
        _title, query = FEATURES[n % len(FEATURES)]
        reference = f"A/{n:04}/2023"
        relevance.append((query.format(p=place), reference))
        if n < 6:
            relevance.append((reference, reference))
    return relevance


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def _best_per_query(samples: list[float]) -> tuple[float, float]:
    """p50/p95 over the queries of each query's fastest run (samples ordered run by run)."""
    n = len(LATENCY_QUERIES)
    return _percentiles([min(samples[i::n]) for i in range(n)])


def _timed(fn, queries, repeat: int = 3) -> list[float]:
    samples = []
    for _ in range(repeat):
        for q in queries:
            started = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - started)
    return samples


def bare_fulltext(q: str) -> None:
    """The same full-text match in plain SQL, no access policy, no facets, no snippets: the floor.

    It uses the very match expression our search sends (stems, prefixes, compound parts,
    abbreviations), so the ratio measures what access, facets and snippets cost on top.
    """
    from search.backends.database import postgres_match, sqlite_match
    from search.indexing import decompounder
    from search.query import match_tree, parse

    tree = match_tree(parse(q), decompounder())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsq = postgres_match(tree)
            cursor.execute(
                "SELECT id FROM ris_search_searchdocument WHERE vector @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(vector, to_tsquery('simple', %s)) DESC LIMIT 20",
                [tsq, tsq],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT count(*) FROM ris_search_searchdocument WHERE vector @@ to_tsquery('simple', %s)", [tsq]
            )
        else:
            expr = sqlite_match(tree)
            cursor.execute(
                "SELECT rowid FROM ris_search_fts WHERE ris_search_fts MATCH %s ORDER BY bm25(ris_search_fts) LIMIT 20",
                [expr],
            )
            cursor.fetchall()
            cursor.execute("SELECT count(*) FROM ris_search_fts WHERE ris_search_fts MATCH %s", [expr])
        cursor.fetchall()


def naive_icontains(q: str) -> list[str]:
    from django.db.models import Q

    from search.models import SearchDocument

    cond = Q()
    for word in q.split():
        cond &= Q(title__icontains=word) | Q(text__icontains=word)
    qs = SearchDocument.objects.filter(cond)
    qs.count()
    return list(qs.order_by("-date").values_list("reference", flat=True)[:20])


def _evaluate(relevance, ranked_refs) -> tuple[float, float, list[str]]:
    hits, reciprocal, misses = 0, 0.0, []
    for query, expected in relevance:
        refs = list(dict.fromkeys(r for r in ranked_refs(query) if r))[:10]
        if expected in refs:
            hits += 1
            reciprocal += 1 / (refs.index(expected) + 1)
        else:
            misses.append(query)
    return hits / len(relevance), reciprocal / len(relevance), misses


def _index_size() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('ris_search_searchdocument') + pg_total_relation_size('ris_search_searchtag'),"
                " pg_database_size(current_database())"
            )
            index, database = cursor.fetchone()
            return f"index tables {index / 2**20:.0f} MB, database {database / 2**20:.0f} MB"
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return f"database {pages * cursor.fetchone()[0] / 2**20:.0f} MB (index tables included)"


SIZES = {"small": (1_000, 3_000), "default": (5_000, 20_000), "full": (100_000, 300_000)}


def main():
    """``RIS_BENCH_SIZE`` small/default/full (the issue's 100,000 papers + 300,000 pages), or
    ``RIS_BENCH_PAPERS``/``RIS_BENCH_PAGES``. ``RIS_BENCH_KEEP=1`` keeps the database and, on the
    next run, reuses its archive and index (to measure again without generating again);
    ``RIS_BENCH_REBUILD=1`` then times the index build again on the kept archive."""
    papers, pages = SIZES[os.environ.get("RIS_BENCH_SIZE", "default")]
    n_papers = int(os.environ.get("RIS_BENCH_PAPERS", papers))
    n_pages = int(os.environ.get("RIS_BENCH_PAGES", pages))
    keep = os.environ.get("RIS_BENCH_KEEP") == "1"
    # serialized_aliases=[]: nothing here needs the content serialized (it would read it all).
    old = setup_databases(verbosity=0, interactive=False, keepdb=keep, serialized_aliases=[])
    try:
        _run(n_papers, n_pages)
    finally:
        teardown_databases(old, verbosity=0, keepdb=keep)


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _run(n_papers: int, n_pages: int) -> None:
    from django.contrib.auth.models import User

    from motions.models import Paper
    from search import indexing
    from search.models import SearchDocument
    from sessions.models import Body

    print(f"   engine: {connection.vendor}; archive: {n_papers} papers, {n_pages} file pages of ~2 KB", flush=True)
    print(f"   {_load()}", flush=True)
    kept = Body.objects.filter(slug="benchhausen").exists() and SearchDocument.objects.exists()
    if kept:
        print(f"   reusing the kept archive: {Paper.objects.count()} papers; {_index_size()}", flush=True)
    else:
        started = time.perf_counter()
        generate(n_papers, n_pages)
        print(f"   generated in {time.perf_counter() - started:.1f} s ({_load()})", flush=True)
    if not kept or os.environ.get("RIS_BENCH_REBUILD") == "1":
        started = time.perf_counter()
        written = indexing.rebuild()
        took = time.perf_counter() - started
        print(f"   index build: {written} documents in {took:.1f} s ({_load()}); {_index_size()}", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    # One persistent connection for the API as for the bare query (a deployment sets CONN_MAX_AGE);
    # reconnecting per request would measure PostgreSQL's connection start-up, not search.
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    relevance = relevance_set()
    large = n_papers + n_pages > 50_000
    client = Client()

    def ours(q):
        return [r["reference"] for r in client.get("/api/search", {"q": q}).json()["results"]]

    recall, mrr, misses = _evaluate(relevance, ours)
    print(f"   relevance ({len(relevance)} queries): recall@10 {recall:.2f}, MRR {mrr:.2f}", flush=True)
    if misses:
        print(f"   missed: {', '.join(misses)}", flush=True)
    if not large:
        base_recall, base_mrr, _ = _evaluate(relevance, naive_icontains)
        print(f"   naive icontains on the same set: recall@10 {base_recall:.2f}, MRR {base_mrr:.2f}", flush=True)

    # API (anonymous, staff) and bare query alternate, query by query, so that load from other
    # processes hits them alike.
    staff = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@example.org", "x"
    )
    staff_client = Client()
    staff_client.force_login(staff)
    for q in LATENCY_QUERIES[:3]:  # warm the caches
        client.get("/api/search", {"q": q})
        staff_client.get("/api/search", {"q": q})
        bare_fulltext(q)
    api, bare, joined = [], [], []
    for _ in range(3):
        for q in LATENCY_QUERIES:
            api += _timed(lambda q: client.get("/api/search", {"q": q}), [q], repeat=1)
            bare += _timed(bare_fulltext, [q], repeat=1)
            joined += _timed(lambda q: staff_client.get("/api/search", {"q": q}), [q], repeat=1)
    (a50, a95), (b50, b95), (j50, j95) = _percentiles(api), _percentiles(bare), _percentiles(joined)
    print(f"   {_load()}", flush=True)
    print(f"   /api/search (anonymous; facets, snippets):  p50 {a50:.1f} ms, p95 {a95:.1f} ms", flush=True)
    print(f"   bare full-text SQL (rank top 20 + count):    p50 {b50:.1f} ms, p95 {b95:.1f} ms", flush=True)
    print(f"   ratio API / bare SQL: p50 {a50 / b50:.2f}x, p95 {a95 / b95:.2f}x", flush=True)
    print(f"   /api/search as superuser (access per match): p50 {j50:.1f} ms, p95 {j95:.1f} ms", flush=True)
    print(f"   ratio superuser / bare SQL: p50 {j50 / b50:.2f}x, p95 {j95 / b95:.2f}x", flush=True)
    # The least-disturbed figure on a shared machine: each query's best of its three runs.
    best = {name: _best_per_query(samples) for name, samples in (("api", api), ("bare", bare), ("staff", joined))}
    print(
        "   best of 3 per query, p50 / p95 over the queries: anonymous {:.1f} / {:.1f} ms, bare {:.1f} / {:.1f} ms,"
        " superuser {:.1f} / {:.1f} ms".format(*best["api"], *best["bare"], *best["staff"]),
        flush=True,
    )
    # The bare query reads every match's tsvector (at full size on PostgreSQL ~1.5 GB of TOAST),
    # which pushes the search's own pages out of the buffer cache before each API sample above.
    # The same API, asked alone (no bare query in between), three rounds:
    alone, alone_staff = [], []
    for _ in range(3):
        for q in LATENCY_QUERIES:
            alone += _timed(lambda q: client.get("/api/search", {"q": q}), [q], repeat=1)
            alone_staff += _timed(lambda q: staff_client.get("/api/search", {"q": q}), [q], repeat=1)
    (l50, l95), (s50, s95) = _percentiles(alone), _percentiles(alone_staff)
    print(f"   {_load()}", flush=True)
    print(
        f"   API alone (no bare query in between): anonymous p50 {l50:.1f} ms, p95 {l95:.1f} ms;"
        f" superuser p50 {s50:.1f} ms, p95 {s95:.1f} ms",
        flush=True,
    )
    if not large:
        naive = _timed(naive_icontains, LATENCY_QUERIES, repeat=1)
        n50, n95 = _percentiles(naive)
        print(f"   naive icontains scan (count + top 20):  p50 {n50:.1f} ms, p95 {n95:.1f} ms", flush=True)
        print(f"   ratio naive icontains / API: p50 {n50 / a50:.1f}x, p95 {n95 / a95:.1f}x", flush=True)
