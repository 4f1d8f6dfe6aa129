"""The one read path of search: ``search(user=…, request=…)`` for the page, the API and tests.

It chooses the backend: Elasticsearch when ``ELASTICSEARCH_URL`` is set and the cluster answers,
otherwise (or when the cluster is down, with a notice) the database backend.
"""

from __future__ import annotations

import datetime
import logging
import math

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from search import suggest
from search.analysis import stem
from search.backends import database as db
from search.indexing import decompounder
from search.models import Kind, SearchDocument
from search.query import MatchTree, Term, highlight_terms, match_tree, parse
from search.results import FACETS, MAX_PAGE, PAGE_SIZE, FacetValue, Filters, Hit, SearchRequest, SearchResult
from search.snippets import highlight
from sessions.models import Body

log = logging.getLogger(__name__)

ENGINE_DOWN = "Die Suchmaschine ist gerade nicht erreichbar; die Ergebnisse kommen aus der Datenbanksuche."


def _int(value, low: int = 1, high: int = 10**9) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _date(value) -> datetime.date | None:
    """A date as typed in Germany ("7.3.2024", "07.03.24") or as ISO ("2024-03-07")."""
    text = str(value).strip()[:10]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in ("%d.%m.%Y", "%d.%m.%y"):
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if 1800 <= day.year <= 2200 else None
    return None


def request_from_params(params) -> SearchRequest:
    """A ``SearchRequest`` from GET parameters; what cannot be understood is left out, never an error."""
    kind = params.get("kind", "")
    filters = Filters(
        kind=kind if kind in Kind.values else "",
        type=str(params.get("type", ""))[:30],
        body=_int(params.get("body")),
        organization=str(params.get("organization", ""))[:40],
        originator=str(params.get("originator", ""))[:40],
        year=_int(params.get("year"), 1800, 2200),
        date_from=_date(params.get("date_from", "")),
        date_to=_date(params.get("date_to", "")),
    )
    sort = params.get("sort", "relevance")
    return SearchRequest(
        q=str(params.get("q", ""))[:20_000],
        filters=filters,
        sort=sort if sort in ("relevance", "date") else "relevance",
        page=_int(params.get("page"), 1, MAX_PAGE) or 1,
    )


def search(*, user, request: SearchRequest) -> SearchResult:
    if settings.ELASTICSEARCH_URL:
        from search.backends import elastic

        try:
            return elastic.search(user=user, request=request)
        except elastic.EngineUnavailable as exc:
            log.warning("Elasticsearch unavailable, falling back to the database: %s", exc)
            result = database_search(user=user, request=request)
            result.notice = _(ENGINE_DOWN)
            return result
    return database_search(user=user, request=request)


def database_search(*, user, request: SearchRequest) -> SearchResult:
    parsed = parse(request.q)
    comp = decompounder()
    tree = match_tree(parsed, comp)
    base = db.apply_filters(db.visible_documents(user), request.filters)
    if tree.empty:
        base = db.exclude_match(base, tree.excluded)

    pinned: list[SearchDocument] = []
    if parsed.references:
        wanted = Q()
        for ref in parsed.references:
            wanted |= Q(reference__iexact=ref)
        pinned = list(base.filter(wanted, kind=Kind.PAPER).defer(*HEAVY_FIELDS)[:3])
    pinned_ids = {d.pk for d in pinned}

    found, page, pages = _page(base, tree, request, pinned)
    count, approximate, facets, page_ids = found.count + len(pinned), found.capped, found.facets, found.ids
    for d in pinned:
        facets.add_fields(d.kind, d.paper_type, d.body_id, d.year, 1)
        facets.add_tags(d.facet_tags, 1)
    facet_lists = facets.lists()
    page_ids = [d.pk for d in pinned if page == 1] + page_ids
    loaded = SearchDocument.objects.defer(*HEAVY_FIELDS).in_bulk(page_ids)
    docs = [loaded[pk] for pk in page_ids if pk in loaded]

    return SearchResult(
        count=count,
        approximate=approximate,
        hits=_hits(docs, tree, comp, pinned_ids),
        facets=_facet_values(facet_lists, request.filters),
        page=page,
        pages=pages,
        engine="database",
        suggestion=_suggestion(parsed, comp, base) if count == 0 and not tree.empty else "",
    )


def _suggestion(parsed, comp, base) -> str:
    """ "Meinten Sie …": the query respelled from the vocabulary (``search.suggest``), offered only
    when it finds documents in ``base`` (what this user may see, filtered as asked) and spelled as
    one of them spells it."""
    fixes = suggest.corrections(parsed, comp)
    if not fixes:
        return ""
    spelled = {}
    for wrong, right in fixes.items():
        probe = MatchTree(groups=[([Term(stem(right))], [])], excluded=[])
        doc = db.apply_match(base, probe).only("title", "text").first()
        spelling = doc and suggest.spelling_in(f"{doc.title} {doc.text}", right)
        if spelling:
            spelled[wrong] = spelling
    if not spelled:
        return ""
    respelled = suggest.spelled_query(parsed.raw, spelled)
    tree = match_tree(parse(respelled), comp)
    return respelled if not tree.empty and db.apply_match(base, tree).exists() else ""


def _page_bounds(requested: int, count: int, pinned: int) -> tuple[int, int, int, int]:
    """(page, pages, offset, size) among the unpinned hits; pinned hits fill page 1 first."""
    pages = min(MAX_PAGE, max(1, math.ceil(count / PAGE_SIZE)))
    page = min(requested, pages)
    first, size = (page - 1) * PAGE_SIZE, PAGE_SIZE
    if page == 1:
        size -= pinned
    else:
        first -= pinned
    return page, pages, max(0, first), max(0, size)


def _page(base, tree, request: SearchRequest, pinned: list[SearchDocument]):
    """One bounded statement for count, facets and the page; asked again only when the page
    requested is past the last one."""
    unpinned = base.exclude(pk__in=[d.pk for d in pinned]) if pinned else base

    def ask(first: int, size: int) -> db.Page:
        if db.on_postgres():
            ranked = not tree.empty and request.sort != "date"
            return db.postgres_page(unpinned, tree, ranked=ranked, first=first, size=size)
        return db.sqlite_page(unpinned, tree, by_date=request.sort == "date", first=first, size=size)

    page, pages, first, size = _page_bounds(request.page, request.page * PAGE_SIZE, len(pinned))
    found = ask(first, size)
    page, pages, first, size = _page_bounds(request.page, found.count + len(pinned), len(pinned))
    if page != request.page:
        found = ask(first, size)
    return found, page, pages


HEAVY_FIELDS = ("title_terms", "text_terms", "extra_terms", "vector")


def _hits(docs: list[SearchDocument], tree, comp, pinned: set[int]) -> list[Hit]:
    exact, prefixes = highlight_terms(tree)
    bodies = Body.objects.in_bulk({d.body_id for d in docs if d.body_id})
    kinds = dict(Kind.choices)
    from motions.models import PaperType

    types = dict(PaperType.choices)
    hits = []
    for d in docs:
        hits.append(
            Hit(
                id=d.object_id,
                kind=d.kind,
                kind_label=str(kinds.get(d.kind, d.kind)),
                title=highlight(d.title, exact, prefixes, comp, whole=True),
                plain_title=d.title,
                subtitle=d.subtitle,
                url=d.url,
                date=d.date,
                reference=d.reference,
                body=bodies[d.body_id].name if d.body_id in bodies else "",
                paper_type=str(types.get(d.paper_type, "")) if d.paper_type else "",
                page=d.page,
                snippet=highlight(d.text, exact, prefixes, comp) if d.text else highlight("", set()),
                pinned=d.pk in pinned,
                matter=d.matter,
            )
        )
    return hits


def _facet_values(facets: dict, filters: Filters) -> dict[str, list[FacetValue]]:
    current = {
        "kind": filters.kind,
        "type": filters.type,
        "body": str(filters.body or ""),
        "organization": filters.organization,
        "originator": filters.originator,
        "year": str(filters.year or ""),
    }
    return {
        name: [FacetValue(value=v, label=label, count=n, selected=(v == current[name])) for v, label, n in facets[name]]
        for name in FACETS
    }


CHILDREN_SHOWN = 3


def group_by_matter(*, user, request: SearchRequest, hits: list[Hit]) -> list[Hit]:
    """The page's hits, one per matter: a paper with its files' pages and the agenda items that
    deliberated it is one hit, headed by the paper, its other hits listed under it, best first.

    Grouping is within the page (the order and counts stay the backend's): a matter whose paper
    itself did not match is headed by the paper (read here, as this user may see it), so the
    reader sees what the pages belong to."""
    groups: dict[str, Hit] = {}
    members: dict[str, list[Hit]] = {}
    for hit in hits:
        members.setdefault(hit.group_key, []).append(hit)
    wanted = [
        int(key.split(":")[1])
        for key, found in members.items()
        if key.startswith("paper:") and not any(h.kind == Kind.PAPER for h in found)
    ]
    heads = _paper_heads(user=user, request=request, paper_ids=wanted) if wanted else {}
    for key, found in members.items():
        head = next((h for h in found if h.kind == Kind.PAPER and h.matter == key), None)
        if head is None:
            head = heads.get(key) or found[0]
        head.children = [h for h in found if h is not head]
        groups[key] = head
    return list(groups.values())


def _paper_heads(*, user, request: SearchRequest, paper_ids: list[int]) -> dict[str, Hit]:
    docs = list(db.visible_documents(user).filter(kind=Kind.PAPER, object_id__in=paper_ids).defer(*HEAVY_FIELDS))
    comp = decompounder()
    tree = match_tree(parse(request.q), comp)
    return {h.matter: h for h in _hits(docs, tree, comp, set()) if h.matter}
