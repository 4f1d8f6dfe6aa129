"""The embedded backend: SQLite FTS5 (bm25) or PostgreSQL full-text search over ``SearchDocument``.

Access: ``visible_documents(user)`` is, for users who see only what the public sees, the
documents flagged ``public`` (kept true to ``ris.access`` by ``search.services``), and for
everybody else those and the documents whose record is in the ``visible_to`` queryset of
``ris.access``.
Hits, counts, facet counts and snippets are all computed from that one queryset, so nothing the
user may not see can show up in any of them.

Work is bounded for big archives, at most ``COUNT_CAP`` matches are read (beyond that the count
is "more than"), and only the page of hits is read in full and highlighted:

- SQLite: one statement (``sqlite_page``) materializes the matches as light rows with their
  bm25 score and answers count, facet ``GROUP BY`` and the page from them inside SQLite.
- PostgreSQL: one statement (``postgres_page``) counts, groups the facets and ranks a bounded
  candidate set in the database, because ``ts_rank`` must read every ranked ``tsvector``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from motions.models import File, Paper, PaperType
from ris import access
from search.models import SHARD_IDS, SHARDS, Kind, SearchDocument, SearchTag
from search.query import All, MatchTree, Phrase, Term
from search.results import COUNT_CAP, Filters
from sessions.models import AgendaItem, Body, Meeting, Organization, Person

FTS_TABLE = "ris_search_fts"
DOC_TABLE = SearchDocument._meta.db_table


def visible_documents(user) -> QuerySet:
    """The documents whose record ``user`` may see under ``ris.access``.

    What an anonymous user may see, every user may see (each rule of the policy contains its
    public branch; a superuser's contains all that is not deleted), and the ``public`` flag says
    exactly that. So the access querysets are asked only about the documents not flagged, one
    record each by primary key (``EXISTS``), instead of reading every visible record of every
    kind for each search (100,000s at full size) to match against.
    """
    if access.sees_only_public(user):
        return SearchDocument.objects.filter(public=True)

    # A scalar subquery (the record's pk or NULL), not EXISTS: PostgreSQL turns an EXISTS into a
    # hashed subplan that reads every visible record first (a sequential scan of 100,000 papers
    # per search, measured 100 ms), while a correlated scalar subquery stays one primary-key
    # look-up per document that needs it.
    records = {
        Kind.PAPER: Paper.objects.visible_to(user),
        Kind.FILE: File.objects.visible_to(user),
        Kind.MEETING: Meeting.objects.visible_to(user),
        Kind.AGENDA_ITEM: AgendaItem.objects.visible_to(user),
        Kind.PERSON: Person.objects.alive(),
        Kind.ORGANIZATION: Organization.objects.alive(),
    }
    visible = Q(public=True)
    aliases = {}
    for kind, qs in records.items():
        aliases[f"visible_{kind}"] = Subquery(qs.filter(pk=OuterRef("object_id")).order_by().values("pk")[:1])
        visible |= Q(kind=kind, public=False, **{f"visible_{kind}__isnull": False})
    return SearchDocument.objects.alias(**aliases).filter(visible)


def apply_filters(qs: QuerySet, filters: Filters) -> QuerySet:
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.type:
        qs = qs.filter(paper_type=filters.type)
    if filters.body:
        qs = qs.filter(body_id=filters.body)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    for facet in (SearchTag.Facet.ORGANIZATION, SearchTag.Facet.ORIGINATOR):
        value = getattr(filters, facet)
        if value:
            qs = qs.filter(pk__in=SearchTag.objects.filter(facet=facet, value=value).values("document_id"))
    return qs


# --- rendering the match tree ------------------------------------------------------------------


def fts5_expression(node) -> str:
    """FTS5 query syntax. Stems are letters and digits only, and each is quoted anyway."""
    if isinstance(node, Term):
        return f'"{node.stem}"' + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '{title_terms text_terms} : "' + " ".join(node.stems) + '"'
    joiner = " AND " if isinstance(node, All) else " OR "
    return "(" + joiner.join(fts5_expression(c) for c in node.children) + ")"


def tsquery_expression(node) -> str:
    """PostgreSQL tsquery syntax (``to_tsquery('simple', …)``), each lexeme quoted.

    A prefix term is spelled out as the stems of the index vocabulary it stands for
    ("haushalt" → 'haushalt' | 'haushaltssatzung' | …): a GIN partial match turns every posting
    of every matching key into a bitmap first, and for a stem in 100,000s of documents that costs
    several times the exact lookups (400 against 55 ms measured here for three frequent stems).
    A prefix that the vocabulary has no stem for, or more than ``MAX_PREFIX_STEMS``, stays a
    partial match. (What the vocabulary cannot know — tokens with digits, words over 40 letters,
    words indexed by another process within the vocabulary cache's five minutes — is then found
    by its own stem only, not by the prefix.)
    """
    if isinstance(node, Term):
        if not node.prefix:
            return f"'{node.stem}'"
        known = _prefix_stems(node.stem)
        if not known:
            return f"'{node.stem}':*"
        return "(" + " | ".join(f"'{s}'" for s in known) + ")"
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(f"'{s}'" for s in node.stems) + ")"
    joiner = " & " if isinstance(node, All) else " | "
    return "(" + joiner.join(tsquery_expression(c) for c in node.children) + ")"


MAX_PREFIX_STEMS = 64


def _prefix_stems(prefix: str) -> list[str] | None:
    from search.indexing import decompounder

    found = decompounder().stems_with_prefix(prefix, MAX_PREFIX_STEMS)
    return [prefix, *(s for s in found if s != prefix)] if found else None


def _group_expression(positives, negatives, render, and_, not_, or_) -> str:
    expr = "(" + and_.join(render(n) for n in positives) + ")"
    if negatives:
        expr = f"{expr}{not_}(" + or_.join(render(n) for n in negatives) + ")"
    return expr


def sqlite_match(tree: MatchTree) -> str:
    return " OR ".join(_group_expression(p, n, fts5_expression, " AND ", " NOT ", " OR ") for p, n in tree.groups)


def postgres_match(tree: MatchTree) -> str:
    return " | ".join(
        "(" + _group_expression(p, n, tsquery_expression, " & ", " & !", " | ") + ")" for p, n in tree.groups
    )


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def apply_match(qs: QuerySet, tree: MatchTree) -> QuerySet:
    """Only the documents matching the tree; safe to use as a subquery (counts, facets)."""
    if on_postgres():
        return qs.filter(vector=SearchQuery(postgres_match(tree), config="simple", search_type="raw"))
    fts = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    return qs.filter(pk__in=RawSQL(fts, [sqlite_match(tree)]))


def ranked(qs: QuerySet, tree: MatchTree) -> QuerySet:
    """``qs`` (visible, filtered) matching the tree, annotated with its SQLite bm25 ``score``.

    It joins the FTS5 table to read bm25, which names the document table directly and so cannot
    be nested in another query. (PostgreSQL ranks inside ``postgres_page``.)
    """
    return qs.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {DOC_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
        params=[sqlite_match(tree)],
        select={"score": f"-bm25({FTS_TABLE}, 10.0, 1.0, 0.5)"},
    )


def exclude_match(qs: QuerySet, nodes: list) -> QuerySet:
    """Drop documents matching any of ``nodes`` (a query of exclusions only: "-Haushalt")."""
    if not nodes:
        return qs
    if on_postgres():
        query = SearchQuery(" | ".join(tsquery_expression(n) for n in nodes), config="simple", search_type="raw")
        return qs.exclude(vector=query)
    expr = " OR ".join(fts5_expression(n) for n in nodes)
    return qs.exclude(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr]))


SCAN_FIELDS = ("pk", "date", "kind", "paper_type", "body_id", "year", "facet_tags")

# SQLite: a covering index of the columns a scan reads (migration 0005). A document row holds
# its text and stems (several KB, so about one row per page); looking each match up in this
# narrow index instead of the table roughly halved the join in a measurement on 7,680 documents.
# SQLite's planner prefers the rowid lookup, hence INDEXED BY. A later migration that rebuilds
# the table on SQLite drops the index; the scan then reads the table as before.
SCAN_INDEX = "ris_search_scan"
SCAN_INDEX_COLUMNS = ("id", "public", "kind", "object_id", "date", "paper_type", "body_id", "year", "facet_tags")
_scan_index: dict = {}


def _scan_index_exists() -> bool:
    key = connection.settings_dict["NAME"]
    if key not in _scan_index:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s", [SCAN_INDEX])
            _scan_index[key] = cursor.fetchone() is not None
    return _scan_index[key]


def scan_sql(qs: QuerySet, tree: MatchTree) -> tuple[str, tuple]:
    """SQLite: the statement reading the matches of ``qs`` as light rows (``SCAN_FIELDS`` and the
    bm25 ``score``; no words: all of ``qs``, score 0), at most ``COUNT_CAP + 1`` of them."""
    if tree.empty:
        source = qs.extra(select={"score": "0.0"}).order_by().values_list(*SCAN_FIELDS, "score")
    else:
        source = ranked(qs, tree).order_by().values_list(*SCAN_FIELDS, "score")
    sql, params = source[: COUNT_CAP + 1].query.sql_with_params()
    if not tree.empty and _scan_index_exists():
        sql = sql.replace(f'FROM "{DOC_TABLE}"', f'FROM "{DOC_TABLE}" INDEXED BY {SCAN_INDEX}', 1)
    return sql, params


def sqlite_page(qs: QuerySet, tree: MatchTree, *, by_date: bool, first: int, size: int) -> Page:
    """SQLite: count, facets and one page of ids in one statement, answered inside SQLite.

    The matches (with bm25, through the covering index) are materialized once; the facets are a
    ``GROUP BY`` over the distinct combinations of facet columns (the pages of one file share
    theirs), the page is an ``ORDER BY … LIMIT`` over the same rows. Python reads a few dozen
    rows instead of every match: converting and counting 10,000 rows in Python cost more than
    the match itself. Beyond ``COUNT_CAP`` matches the count is "more than", and facets and
    ranking are bounded to the first ``COUNT_CAP`` (as Elasticsearch's track_total_hits does).
    """
    inner, params = scan_sql(qs, tree)
    order = (
        "date IS NULL, date DESC, score DESC, id"  # by date (or no words: score 0)
        if by_date or tree.empty
        else "score DESC, date IS NULL, date DESC, id"
    )
    sql = (
        f"WITH m(id, date, kind, paper_type, body_id, year, facet_tags, score) AS MATERIALIZED ({inner}),"
        f" k AS (SELECT * FROM m LIMIT {COUNT_CAP})"
        " SELECT 'f', kind, paper_type, body_id, year, facet_tags, count(*) FROM k"
        " GROUP BY kind, paper_type, body_id, year, facet_tags"
        " UNION ALL SELECT 'total', NULL, NULL, NULL, NULL, NULL, count(*) FROM m"
        f" UNION ALL SELECT * FROM (SELECT 'hit', id, NULL, NULL, NULL, NULL, NULL FROM k ORDER BY {order}"
        f" LIMIT {int(size)} OFFSET {int(first)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facets, ids, total = FacetCounts(), [], 0
    for what, kind, paper_type, body_id, year, facet_tags, n in rows:
        if what == "hit":
            ids.append(kind)
        elif what == "total":
            total = n
        else:
            facets.add_fields(kind, paper_type, body_id, year, n)
            facets.add_tags(facet_tags, n)
    return Page(count=min(total, COUNT_CAP), capped=total > COUNT_CAP, facets=facets, ids=ids)


class FacetCounts:
    """Counts per facet value, summed from scanned rows or from SQL ``GROUP BY`` rows."""

    def __init__(self):
        self.sums: dict[str, Counter] = {name: Counter() for name in ("kind", "type", "body", "year")}
        self.tags: dict[str, Counter] = {"organization": Counter(), "originator": Counter()}
        self.labels: dict[tuple[str, str], str] = {}

    def add(self, facet: str, value, n: int, label: str = "") -> None:
        if value in ("", None):
            return
        if facet in self.tags:
            self.tags[facet][value] += n
            self.labels[(facet, value)] = label
        elif facet in self.sums:
            self.sums[facet][str(value)] += n

    def add_fields(self, kind, paper_type, body_id, year, n: int) -> None:
        self.add("kind", kind, n)
        self.add("type", paper_type, n)
        self.add("body", body_id, n)
        self.add("year", year, n)

    def add_tags(self, facet_tags: str, n: int) -> None:
        """A document's ``facet_tags`` (lines of facet, value, label), each value once."""
        seen = set()
        for line in facet_tags.split("\n") if facet_tags else []:
            facet, _, rest = line.partition("\t")
            value, _, label = rest.partition("\t")
            if facet in self.tags and (facet, value) not in seen:
                seen.add((facet, value))
                self.add(facet, value, n, label)

    def lists(self) -> dict[str, list[tuple[str, str, int]]]:
        sums = self.sums
        kinds, types = dict(Kind.choices), dict(PaperType.choices)
        bodies = dict(Body.objects.filter(pk__in=[int(b) for b in sums["body"]]).values_list("pk", "name"))
        facets = {
            "kind": [(k, str(kinds.get(k, k)), n) for k, n in sums["kind"].most_common()],
            "type": [(t, str(types.get(t, t)), n) for t, n in sums["type"].most_common(30)],
            "body": [(b, bodies.get(int(b), b), n) for b, n in sums["body"].most_common(30)],
            "year": sorted(((y, y, n) for y, n in sums["year"].items()), reverse=True)[:40],
        }
        for facet, counter in self.tags.items():
            labels = self.labels
            ranked_values = sorted(counter.items(), key=lambda item: (-item[1], labels[(facet, item[0])]))[:30]
            facets[facet] = [(v, labels[(facet, v)], n) for v, n in ranked_values]
        return facets


# --- PostgreSQL: one statement for count, facets and the page -------------------------------

RANK_CAP = 1_000
WORK_MEM = "32MB"
RANK_WEIGHTS = "{0.1,0.3,0.6,1.0}"  # D, C, B, A: compound parts (C) count half of the text (B)


@dataclass
class Page:
    """What one PostgreSQL statement answers: the count (exact up to ``COUNT_CAP``), whether
    it was capped, the facet counts over the same (capped) match set, and the ids of one page."""

    count: int
    capped: bool
    facets: FacetCounts
    ids: list[int]


def postgres_page(
    qs: QuerySet, tree: MatchTree, *, ranked: bool, first: int, size: int, cap: int | None = None
) -> Page:
    """The matches of ``qs`` (visible, filtered) for ``tree``, bounded like a search engine does.

    - The match set ``m`` is the first ``cap + 1`` matches (``COUNT_CAP``), shard by shard, newest
      block of documents first (``_sharded_matches``), so neither the GIN bitmap of the other
      shards nor any row beyond them is read; more than ``cap`` gives "mehr als 10.000 Treffer".
    - Facets are ``GROUP BY`` over ``m`` in the same statement; organization and originator
      values come from each row's ``facet_tags`` lines, so no join is needed.
    - Ranking (``ts_rank`` has to read and decompress every ranked ``tsvector``) covers the first
      ``RANK_CAP`` matches of ``m``, or as many as the page asked for needs; below ``RANK_CAP``
      matches that is all of them, so small result sets are ranked exactly.
    - Without ranking (sort by date, or no words) the page comes from a date-ordered query over
      all matches, which PostgreSQL answers from the date index.
    """
    cap = COUNT_CAP if cap is None else cap
    matched = qs if tree.empty else apply_match(qs, tree)
    if tree.empty:
        inner, params = matched.order_by().values_list(*SCAN_FIELDS)[: cap + 1].query.sql_with_params()
    else:
        inner, params = _sharded_matches(matched, cap)
    parts = [
        "SELECT 'kind', kind, '', count(*) FROM m GROUP BY kind",
        "SELECT 'type', paper_type, '', count(*) FROM m WHERE paper_type <> '' GROUP BY paper_type",
        "SELECT 'body', body_id::text, '', count(*) FROM m WHERE body_id IS NOT NULL GROUP BY body_id",
        "SELECT 'year', year::text, '', count(*) FROM m WHERE year IS NOT NULL GROUP BY year",
        "SELECT split_part(t, E'\\t', 1), split_part(t, E'\\t', 2), max(split_part(t, E'\\t', 3)),"
        " count(DISTINCT m.id) FROM m CROSS JOIN LATERAL unnest(string_to_array(m.facet_tags, E'\\n')) t"
        " WHERE m.facet_tags <> '' GROUP BY 1, 2",
        "SELECT 'total', '', '', count(*) FROM m",
    ]
    rank_sql = ""
    if ranked:
        rank_sql = (
            f", r AS (SELECT c.id, row_number() OVER (ORDER BY ts_rank('{RANK_WEIGHTS}'::float4[], d.vector,"
            " to_tsquery('simple', %s)) DESC, c.date DESC NULLS LAST, c.id) AS n"
            f" FROM (SELECT id, date FROM m LIMIT {min(cap, max(RANK_CAP, first + size))}) c"
            f" JOIN {DOC_TABLE} d ON d.id = c.id)"
        )
        params = (*params, postgres_match(tree))
        parts.append(f"SELECT 'hit', id::text, '', n FROM r WHERE n > {first} AND n <= {first + size}")
    sql = f"WITH m(id, date, kind, paper_type, body_id, year, facet_tags) AS MATERIALIZED ({inner})"
    sql += rank_sql + " " + " UNION ALL ".join(parts)
    with transaction.atomic(), connection.cursor() as cursor:
        # Enough memory for an exact bitmap of a few 100,000 matches: a lossy one makes
        # PostgreSQL re-check the query against every tsvector of the lossy heap pages. And no
        # sequential scan: for a frequent word the planner expects the LIMIT to be reached soon,
        # but every row it reads on the way costs a detoasted tsvector (250 ms for 10,000 hits).
        # (For staff and members too since the access check is one look-up per non-public match:
        # p50 349 -> 272 ms, p95 477 -> 368 ms for a superuser at full size, load 7, same run.)
        # No JIT: the planner's cost for a frequent word passes jit_above_cost, and compiling
        # the statement cost 90 ms of a 650 ms superuser search at full size (load 6), more than
        # it could save on 10,000 rows.
        cursor.execute("SET LOCAL jit = off")
        # No parallel workers: for the shards' UNION ALL the planner expects a big Append and
        # gathers it in parallel, but starting the workers costs more (9 ms of a 10 ms search
        # with no match, full size) than the branches, which stop at the first 10,001 matches.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        if not tree.empty:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facets, hits, total = FacetCounts(), [], 0
    for facet, value, label, n in rows:
        if facet == "total":
            total = n
        elif facet == "hit":
            hits.append((n, int(value)))
        else:
            facets.add(facet, value, n, label)
    if ranked:
        ids = [pk for _n, pk in sorted(hits)]
    else:
        by_date = matched.order_by(F("date").desc(nulls_last=True), "pk").values_list("pk", flat=True)
        ids = list(by_date[first : first + size])
    return Page(count=min(total, cap), capped=total > cap, facets=facets, ids=ids)


def _sharded_matches(matched: QuerySet, cap: int) -> tuple[str, tuple]:
    """PostgreSQL: the statement reading the first ``cap + 1`` rows of ``matched`` (``SCAN_FIELDS``),
    asking the shards one after the other (``UNION ALL`` under a ``LIMIT``, which PostgreSQL runs
    branch by branch, stopping when the limit is reached).

    Each branch names its shard as a constant, so it is answered from that shard's partial GIN
    index (migration 0006). The newest block of ids comes first, then the older ones: when a word
    matches more than ``cap`` documents, the count, the facets and the ranking candidates are
    those of the most recent documents. At 400,000 documents a frequent word's statement went
    from 22-45 ms to 9-20 ms with the shards (same run, best of five)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {DOC_TABLE}")
        newest = ((cursor.fetchone()[0] or 0) // SHARD_IDS) % SHARDS
    branches, params = [], []
    for step in range(SHARDS):
        shard = (newest - step) % SHARDS
        branch = matched.extra(where=[f'"{DOC_TABLE}"."shard" = {shard}']).order_by().values_list(*SCAN_FIELDS)
        sql, branch_params = branch.query.sql_with_params()
        branches.append(f"({sql})")
        params.extend(branch_params)
    return f"SELECT * FROM ({' UNION ALL '.join(branches)}) shards LIMIT {cap + 1}", tuple(params)
