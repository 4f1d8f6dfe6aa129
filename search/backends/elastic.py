"""The Elasticsearch backend: index definition, document sync, and the search request.

Documents are the same rows the database index holds (``search.indexing``), plus the access
facts ``public_visible`` and ``body_id``. A cluster that is down or answers with an error raises
``EngineUnavailable``; the selector then answers from the database with a notice, never a 500.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.safestring import mark_safe
from elastic_transport import TransportError
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch_dsl import Index, Q, Search

from motions.models import PaperType
from ris import access
from search import indexing, suggest
from search.analysis import fold
from search.documents import (
    FACET_SEPARATOR,
    RisDocument,
    document_id,
    german_analyzers,
    index_name,
)
from search.models import Kind, VocabularyWord
from search.query import ParsedQuery, parse
from search.results import COUNT_CAP, MAX_PAGE, PAGE_SIZE, FacetValue, Filters, Hit, SearchRequest, SearchResult
from search.snippets import highlight
from sessions.models import Body

log = logging.getLogger(__name__)

ERRORS = (TransportError, es_exceptions.ApiError, es_exceptions.TransportError, ConnectionError, OSError)
_clients: dict[str, Elasticsearch] = {}


class EngineUnavailable(Exception):
    pass


def client() -> Elasticsearch:
    url = settings.ELASTICSEARCH_URL
    if url not in _clients:
        _clients[url] = Elasticsearch(
            url, request_timeout=settings.RIS_ELASTIC_TIMEOUT_MS / 1000, max_retries=0, retry_on_timeout=False
        )
    return _clients[url]


# --- circuit breaker ------------------------------------------------------------------------------
# A hanging cluster must cost one slow request, not every one (issue 14: each search waited 3.3 s
# before the database answered). After a failure the breaker stays open for
# RIS_ELASTIC_COOLOFF_SECONDS: searches go straight to the database and syncs are skipped (the
# database index is current; `manage.py reindex` catches the cluster up). The first
# request after the cool-off tries the cluster again. State is per process and per URL.
_open_until: dict[str, float] = {}


def breaker_open() -> bool:
    return time.monotonic() < _open_until.get(settings.ELASTICSEARCH_URL, 0.0)


def _breaker_trip(exc: Exception) -> None:
    status = getattr(getattr(exc, "meta", None), "status", None)
    if isinstance(status, int) and 400 <= status < 500:
        return  # the cluster answered: our request was wrong, the cluster is fine
    _open_until[settings.ELASTICSEARCH_URL] = time.monotonic() + settings.RIS_ELASTIC_COOLOFF_SECONDS
    log.warning("Elasticsearch failed (%s); using the database for %ss", exc, settings.RIS_ELASTIC_COOLOFF_SECONDS)


def _breaker_reset() -> None:
    _open_until.pop(settings.ELASTICSEARCH_URL, None)


# --- index definition and sync -------------------------------------------------------------------


def index_definition(words: list[str] | None = None) -> Index:
    index = Index(index_name())
    index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=COUNT_CAP)
    index.document(RisDocument)
    for definition in german_analyzers(words):
        index.analyzer(definition)
    return index


# The kinds whose records can be non-public; persons and organizations are public while not deleted.
RESTRICTED_MODELS = {
    Kind.PAPER: "motions.Paper",
    Kind.FILE: "motions.File",
    Kind.MEETING: "council_sessions.Meeting",
    Kind.AGENDA_ITEM: "council_sessions.AgendaItem",
}
# How many non-public records of one kind a council member's query names at most (a member's
# committees hold a few hundred; Elasticsearch accepts 65,536 terms).
ENTITLED_IDS_CAP = 20_000


def _public_visible(kind: str, pk: int) -> bool:
    model = RESTRICTED_MODELS.get(kind)
    if model is None:
        return True
    obj = apps.get_model(model).objects.filter(pk=pk).first()
    return access.can_view(AnonymousUser(), obj)


def es_source(row: indexing.Row, public_visible: bool, body_names: dict[int, str]) -> dict:
    f = row.fields
    tags = {"organization": [], "originator": []}
    for facet, value, label in row.tags:
        tags[str(facet)].append((value, label))
    return {
        "_id": document_id(f["kind"], f["object_id"], f.get("page", 0)),
        "kind": str(f["kind"]),
        "object_id": f["object_id"],
        "page": f.get("page", 0),
        "body_id": f.get("body_id"),
        "body_name": body_names.get(f.get("body_id"), ""),
        "paper_type": f.get("paper_type", ""),
        "reference": f.get("reference", ""),
        "date": f["date"].isoformat() if f.get("date") else None,
        "year": f.get("year"),
        "title": f["title"],
        "subtitle": str(f.get("subtitle", "")),
        "text": f.get("text", ""),
        "url": f["url"],
        "matter": f.get("matter", ""),
        "organization": [v for v, _ in tags["organization"]],
        "organization_facet": [f"{v}{FACET_SEPARATOR}{label}" for v, label in tags["organization"]],
        "originator": [v for v, _ in tags["originator"]],
        "originator_facet": [f"{v}{FACET_SEPARATOR}{label}" for v, label in tags["originator"]],
        "public_visible": public_visible,
    }


def _actions(kind: str, pk: int):
    source, _build = indexing.SOURCES[kind]
    rows = indexing.rows_for(kind, source().filter(pk=pk).first())
    visible = _public_visible(kind, pk) if rows else False
    names = dict(Body.objects.values_list("pk", "name"))
    return [{"_index": index_name(), **es_source(r, visible, names)} for r in rows]


def sync_object(kind: str, pk: int, cascade: bool = True) -> int:
    """Replace this record's documents in Elasticsearch (and its dependants' with ``cascade``)."""
    if breaker_open():
        return 0
    targets = [(kind, pk)] + (indexing.dependants(kind, pk) if cascade else [])
    try:
        es = client()
        written = 0
        for k, p in targets:
            es.delete_by_query(
                index=index_name(),
                query={"bool": {"filter": [{"term": {"kind": str(k)}}, {"term": {"object_id": p}}]}},
                conflicts="proceed",
                refresh=True,
            )
            ok, _errors = helpers.bulk(es, _actions(k, p), raise_on_error=False)
            written += ok
        return written
    except Exception as exc:  # the database index is current; `reindex` catches Elasticsearch up
        log.warning("Elasticsearch sync of %s %s failed: %s", kind, pk, exc)
        _breaker_trip(exc)
        return 0


def rebuild(progress=None) -> int:
    es = client()
    words = list(VocabularyWord.objects.values_list("word", flat=True)[:50_000])
    index = index_definition(words)
    if es.indices.exists(index=index_name()):
        es.indices.delete(index=index_name())
    es.indices.create(index=index_name(), **index.to_dict())
    written = 0
    for kind, (source, _build) in indexing.SOURCES.items():
        ids = list(source().alive().values_list("pk", flat=True))
        step = progress(f"es:{kind}", len(ids)) if progress else (lambda n: None)
        for pk in ids:
            ok, _ = helpers.bulk(es, _actions(kind, pk), raise_on_error=False)
            written += ok
            step(1)
    es.indices.refresh(index=index_name())
    return written


# --- searching -----------------------------------------------------------------------------------

TEXT_FIELDS = ["title^3", "text"]


def _clause_query(clause):
    text = clause.original or " ".join(clause.words)
    if clause.phrase:
        return Q("multi_match", query=text, fields=TEXT_FIELDS, type="phrase")
    return Q("multi_match", query=text, fields=TEXT_FIELDS, operator="and")


def text_query(parsed: ParsedQuery):
    groups = []
    for group in parsed.positive_groups:
        must = [_clause_query(c) for c in group if not c.negated]
        must_not = [_clause_query(c) for c in group if c.negated]
        single = len(must) == 1 and not must_not
        groups.append(must[0] if single else Q("bool", must=must, must_not=must_not))
    if not groups:
        return None
    return groups[0] if len(groups) == 1 else Q("bool", should=groups, minimum_should_match=1)


def access_filter(user):
    """The ``ris.access`` rules in Elasticsearch terms: public to everybody, a body's all to its
    staff, and to a council member the non-public records their memberships entitle them to."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return None
    should = [Q("term", public_visible=True)]
    bodies = sorted(access.staff_body_ids(user))
    if bodies:
        should.append(Q("terms", body_id=bodies))
    should.extend(_entitled_records(user))
    return Q("bool", should=should, minimum_should_match=1)


def _entitled_records(user) -> list:
    """One clause per kind naming the non-public records a member may read. The periods and
    committees of an entitlement are not in the index, so the database answers, through the same
    ``visible_to`` querysets every page uses."""
    if not access.member_entitlements(user):
        return []
    anonymous = AnonymousUser()
    clauses = []
    for kind, label in RESTRICTED_MODELS.items():
        model = apps.get_model(label)
        ids = list(
            model.objects.visible_to(user)
            .exclude(pk__in=model.objects.visible_to(anonymous).values("pk"))
            .values_list("pk", flat=True)
            .order_by("-pk")[:ENTITLED_IDS_CAP]
        )
        if ids:
            clauses.append(Q("bool", filter=[Q("term", kind=str(kind)), Q("terms", object_id=ids)]))
    return clauses


def filter_queries(filters: Filters) -> list:
    found = []
    for field, value in (
        ("kind", filters.kind),
        ("paper_type", filters.type),
        ("body_id", filters.body),
        ("organization", filters.organization),
        ("originator", filters.originator),
        ("year", filters.year),
    ):
        if value not in ("", None):
            found.append(Q("term", **{field: value}))
    if filters.date_from or filters.date_to:
        bounds = {}
        if filters.date_from:
            bounds["gte"] = filters.date_from.isoformat()
        if filters.date_to:
            bounds["lte"] = filters.date_to.isoformat()
        found.append(Q("range", date=bounds))
    return found


def build_search(*, user, request: SearchRequest, parsed: ParsedQuery | None = None) -> Search:
    parsed = parsed or parse(request.q)
    query = text_query(parsed)
    excluded = [_clause_query(c) for c in parsed.negatives] if query is None else []
    if parsed.references:
        pins = [Q("term", reference={"value": ref.lower(), "boost": 1000}) for ref in parsed.references]
        should = pins + ([query] if query is not None else [])
        query = Q("bool", should=should, minimum_should_match=1)
    filters = filter_queries(request.filters)
    allowed = access_filter(user)
    if allowed is not None:
        filters.append(allowed)
    search = Search(index=index_name()).query(
        Q("bool", must=[query] if query is not None else [Q("match_all")], filter=filters, must_not=excluded)
    )
    if query is None or request.sort == "date":
        search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    for name, field in (("kind", "kind"), ("type", "paper_type"), ("body", "body_id"), ("year", "year")):
        search.aggs.bucket(name, "terms", field=field, size=40)
    search.aggs.bucket("organization", "terms", field="organization_facet", size=30)
    search.aggs.bucket("originator", "terms", field="originator_facet", size=30)
    search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
    search = search.highlight("title", number_of_fragments=0).highlight(
        "text", fragment_size=220, number_of_fragments=1
    )
    search = search.extra(track_total_hits=COUNT_CAP)
    if query is not None and parsed.raw:
        # "Meinten Sie …": words of the query no title contains, with the closest that titles do
        # (the standard-analysed field keeps umlauts, so suggestions read as written).
        search = search.suggest(
            "spelling", parsed.raw, term={"field": "title.exact", "suggest_mode": "missing", "min_word_length": 4}
        )
    start = (request.page - 1) * PAGE_SIZE
    return search[start : start + PAGE_SIZE]


def search(*, user, request: SearchRequest) -> SearchResult:
    parsed = parse(request.q)
    if breaker_open():
        raise EngineUnavailable("circuit open after a recent failure")
    try:
        response = build_search(user=user, request=request, parsed=parsed).using(client()).execute()
        result = _result(response, request, parsed)
        if result.count == 0:
            result.suggestion = _suggestion(user=user, request=request, parsed=parsed, response=response)
    except ERRORS as exc:
        _breaker_trip(exc)
        raise EngineUnavailable(str(exc)) from exc
    _breaker_reset()
    return result


def _suggestion(*, user, request: SearchRequest, parsed: ParsedQuery, response) -> str:
    """The query respelled with the term suggester's best option per word, offered only when it
    finds something this user may see (the suggester reads every document, public or not)."""
    replacements = {}
    suggested = getattr(response, "suggest", None)
    for entry in (getattr(suggested, "spelling", None) or []) if suggested else []:
        if entry.options:
            replacements[fold(entry.text)] = entry.options[0].text
    respelled = suggest.spelled_query(parsed.raw, replacements) if replacements else ""
    if not respelled or respelled == parsed.raw:
        return ""
    check = build_search(user=user, request=dataclasses.replace(request, q=respelled, page=1)).extra(size=0)
    found = check.using(client()).execute().hits.total
    return respelled if int(found.value) > 0 else ""


def _result(response, request: SearchRequest, parsed: ParsedQuery) -> SearchResult:
    total = response.hits.total
    count = int(total.value)
    approximate = getattr(total, "relation", "eq") != "eq"
    kinds = dict(Kind.choices)
    types = dict(PaperType.choices)
    refs = {r.lower() for r in parsed.references}
    hits = []
    for h in response.hits:
        fragments = getattr(h.meta, "highlight", None)
        title_html = fragments.title[0] if fragments and "title" in fragments else highlight(h.title, set())
        text_html = fragments.text[0] if fragments and "text" in fragments else highlight(h.text or "", set())
        hits.append(
            Hit(
                id=h.object_id,
                kind=h.kind,
                kind_label=str(kinds.get(h.kind, h.kind)),
                title=mark_safe(title_html),  # encoder=html: Elasticsearch escaped the text
                plain_title=h.title,
                subtitle=h.subtitle or "",
                url=h.url,
                date=_date(getattr(h, "date", None)),
                reference=h.reference or "",
                body=h.body_name or "",
                paper_type=str(types.get(h.paper_type, "")) if h.paper_type else "",
                page=h.page or 0,
                snippet=mark_safe(text_html) if h.text else mark_safe(""),
                pinned=h.kind == Kind.PAPER and (h.reference or "").lower() in refs,
                matter=getattr(h, "matter", "") or "",
            )
        )
    return SearchResult(
        count=count,
        approximate=approximate,
        hits=hits,
        facets=_facets(response, request.filters, kinds, types),
        page=request.page,
        pages=min(MAX_PAGE, max(1, math.ceil(count / PAGE_SIZE))),
        engine="elasticsearch",
    )


def _date(value):
    import datetime

    if value is None or isinstance(value, datetime.date):
        return value.date() if isinstance(value, datetime.datetime) else value
    return datetime.date.fromisoformat(str(value)[:10])


def _facets(response, filters: Filters, kinds: dict, types: dict) -> dict[str, list[FacetValue]]:
    bodies = dict(Body.objects.values_list("pk", "name"))
    current = {
        "kind": filters.kind,
        "type": filters.type,
        "body": str(filters.body or ""),
        "organization": filters.organization,
        "originator": filters.originator,
        "year": str(filters.year or ""),
    }
    labels = {
        "kind": lambda k: str(kinds.get(k, k)),
        "type": lambda k: str(types.get(k, k)),
        "body": lambda k: bodies.get(int(k), k),
        "year": str,
    }
    facets = {}
    for name in ("kind", "type", "body", "organization", "originator", "year"):
        values = []
        for bucket in response.aggregations[name].buckets:
            key = str(bucket.key)
            if name in ("organization", "originator"):
                key, _, label = key.partition(FACET_SEPARATOR)
            else:
                label = labels[name](key)
            values.append(FacetValue(value=key, label=label, count=bucket.doc_count, selected=key == current[name]))
        facets[name] = values
    return facets
