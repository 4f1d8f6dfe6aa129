"""The Elasticsearch backend: mapping, queries and results, with only the HTTP edge replaced.

There is no cluster here. A small HTTP server in a thread answers like Elasticsearch (with its
product header), records every request, and returns what the test gives it; everything on our
side — the elasticsearch-dsl mapping, the query, the client and the parsing — is the real code.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import AnonymousUser

from search.backends import elastic
from search.documents import RisDocument
from search.query import parse
from search.results import Filters, SearchRequest
from search.selectors import search
from tests.factories import BodyFactory, PaperFactory, UserFactory, staff_user_for


class FakeElasticsearch(BaseHTTPRequestHandler):
    requests: list
    answers: dict

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.server.requests.append((self.command, self.path, raw.decode()))
        status, body = self.server.answer(self.command, self.path)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_es(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeElasticsearch)
    server.requests = []
    server.answer = lambda method, path: (200, {})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.server_address[1]}"
    elastic._clients.clear()
    elastic._open_until.clear()  # a breaker opened by an earlier test on a reused port
    yield server
    server.shutdown()
    elastic._clients.clear()
    elastic._open_until.clear()


def search_answer(hits):
    buckets = {"buckets": []}
    return {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": 1.0, "hits": hits},
        "aggregations": {
            "kind": {"buckets": [{"key": "paper", "doc_count": len(hits)}]},
            "type": buckets,
            "body": buckets,
            "year": {"buckets": [{"key": 2024, "doc_count": len(hits)}]},
            "organization": {"buckets": [{"key": "7\tHauptausschuss", "doc_count": 1}]},
            "originator": buckets,
        },
    }


def test_mapping_has_german_analysis_and_exact_reference():
    mapping = elastic.index_definition(["breitband", "ausbau"]).to_dict()
    analysis = mapping["settings"]["analysis"]
    assert analysis["analyzer"]["ris_german"]["filter"] == [
        "lowercase",
        "ris_decompounder",
        "german_normalization",
        "ris_light_german",
    ]
    assert {"breitband", "ausbau", "schule"} <= set(analysis["filter"]["ris_decompounder"]["word_list"])
    assert analysis["filter"]["ris_light_german"] == {"type": "stemmer", "language": "light_german"}
    assert "ob, oberbürgermeister, oberbürgermeisterin" in analysis["filter"]["ris_synonyms"]["synonyms"]
    properties = mapping["mappings"]["properties"]
    assert properties["reference"] == {"type": "keyword", "normalizer": "ris_reference"}
    assert properties["text"]["analyzer"] == "ris_german"
    assert properties["text"]["search_analyzer"] == "ris_german_search"
    assert properties["public_visible"]["type"] == "boolean"


def test_document_class_is_the_mapping_source():
    assert RisDocument._doc_type.mapping.to_dict()["properties"]["organization_facet"] == {"type": "keyword"}


def test_query_for_anonymous_filters_on_public_visible():
    body = elastic.build_search(user=AnonymousUser(), request=SearchRequest(q="Schulsanierung")).to_dict()
    query = body["query"]["bool"]
    assert {"bool": {"should": [{"term": {"public_visible": True}}], "minimum_should_match": 1}} in query["filter"]
    assert query["must"][0]["multi_match"]["query"] == "Schulsanierung"
    assert set(body["aggs"]) == {"kind", "type", "body", "year", "organization", "originator"}
    assert body["highlight"]["pre_tags"] == ["<mark>"] and body["highlight"]["encoder"] == "html"
    assert body["track_total_hits"] == 10_000


@pytest.mark.django_db
def test_query_for_staff_adds_their_bodies():
    body = BodyFactory()
    staff = staff_user_for(body)
    query = elastic.build_search(user=staff, request=SearchRequest(q="x")).to_dict()["query"]["bool"]
    allowed = query["filter"][-1]["bool"]["should"]
    assert {"terms": {"body_id": [body.pk]}} in allowed


@pytest.mark.django_db
def test_query_for_superuser_has_no_access_filter():
    admin = UserFactory(is_superuser=True)
    query = elastic.build_search(user=admin, request=SearchRequest(q="x")).to_dict()["query"]["bool"]
    assert "filter" not in query


def test_query_phrase_negation_reference_filters_and_paging():
    request = SearchRequest(
        q='"Sanierung der Schule" -Turnhalle A/0006/2019', filters=Filters(type="antrag", year=2019), page=3
    )
    body = elastic.build_search(user=AnonymousUser(), request=request).to_dict()
    outer = body["query"]["bool"]
    pin, text = outer["must"][0]["bool"]["should"]
    assert pin == {"term": {"reference": {"value": "a/0006/2019", "boost": 1000}}}
    phrase, _reference_words = text["bool"]["must"]
    assert phrase["multi_match"] == {"query": "Sanierung der Schule", "fields": ["title^3", "text"], "type": "phrase"}
    assert text["bool"]["must_not"][0]["multi_match"]["query"] == "Turnhalle"
    assert {"term": {"paper_type": "antrag"}} in outer["filter"] and {"term": {"year": 2019}} in outer["filter"]
    assert body["from"] == 40 and body["size"] == 20


def test_query_without_words_browses_by_date():
    body = elastic.build_search(user=AnonymousUser(), request=SearchRequest(q='- OR ""')).to_dict()
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


@pytest.mark.django_db
def test_search_through_the_client_parses_hits_and_facets(fake_es):
    hit = {
        "_index": "ris-documents",
        "_id": "paper-1-0",
        "_score": 2.0,
        "_source": {
            "kind": "paper",
            "object_id": 1,
            "page": 0,
            "title": "Sanierung der Grundschule",
            "text": "Die Sanierung beginnt.",
            "url": "/vorlagen/1/a-1-2024/",
            "reference": "A/1/2024",
            "date": "2024-02-01",
            "body_name": "Stadt Beispiel",
            "paper_type": "antrag",
            "subtitle": "Antrag",
        },
        "highlight": {"text": ["Die <mark>Sanierung</mark> beginnt."]},
    }
    fake_es.answer = lambda method, path: (200, search_answer([hit]))
    result = search(user=AnonymousUser(), request=SearchRequest(q="Sanierung"))
    assert result.engine == "elasticsearch"
    assert result.count == 1 and result.hits[0].snippet == "Die <mark>Sanierung</mark> beginnt."
    assert result.hits[0].body == "Stadt Beispiel" and str(result.hits[0].date) == "2024-02-01"
    assert [(v.value, v.label, v.count) for v in result.facets["organization"]] == [("7", "Hauptausschuss", 1)]
    method, path, sent = fake_es.requests[-1]
    assert path.startswith("/ris-documents/_search") and '"public_visible": true' in sent.replace('":true', '": true')


@pytest.mark.django_db
def test_cluster_error_falls_back_to_database_with_notice(fake_es, client, indexed):
    with indexed():
        PaperFactory(name="Sanierung der Grundschule")
    fake_es.answer = lambda method, path: (503, {"error": "unavailable"})
    response = client.get("/suche/", {"q": "Sanierung"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "nicht erreichbar" in html and "<mark>Sanierung</mark>" in html


@pytest.mark.django_db
def test_cluster_down_api_still_answers(settings, client, indexed):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    elastic._clients.clear()
    with indexed():
        PaperFactory(name="Sanierung der Grundschule")
    response = client.get("/api/search", {"q": "Sanierung"})
    assert response.status_code == 200 and response.json()["count"] == 1
    assert response["X-Search-Engine"] == "database"


@pytest.mark.django_db
def test_saving_a_non_public_paper_sends_it_marked_non_public(fake_es, indexed):
    fake_es.answer = lambda method, path: (
        200,
        {"deleted": 0} if "_delete_by_query" in path else {"errors": False, "items": [{"index": {"status": 201}}]},
    )
    with indexed():
        paper = PaperFactory(name="Grundstücksangelegenheit", public=False)
    bulk = [body for method, path, body in fake_es.requests if path.startswith("/_bulk")]
    docs = [json.loads(line) for line in bulk[-1].splitlines() if line.strip()]
    source = next(d for d in docs if d.get("object_id") == paper.pk)
    assert source["public_visible"] is False and source["body_id"] == paper.body_id
    assert source["title"] == "Grundstücksangelegenheit"


def test_parse_is_shared_with_the_database_backend():
    assert elastic.text_query(parse("")) is None


def _with_suggestion(answer: dict, text: str, option: str) -> dict:
    entry = {"text": text, "offset": 0, "length": len(text), "options": [{"text": option, "score": 0.8, "freq": 3}]}
    return {**answer, "suggest": {"spelling": [entry]}}


@pytest.mark.django_db
def test_misspelling_is_respelled_from_the_term_suggester_and_checked_under_access(fake_es):
    hit = {
        "_index": "ris-documents",
        "_id": "paper-1-0",
        "_score": 2.0,
        "_source": {"kind": "paper", "object_id": 1, "page": 0, "title": "Digitalisierung", "url": "/vorlagen/1/"},
    }
    answers = [
        (200, _with_suggestion(search_answer([]), "digitalisirung", "digitalisierung")),
        (200, search_answer([hit])),
    ]
    fake_es.answer = lambda method, path: answers.pop(0)
    result = search(user=AnonymousUser(), request=SearchRequest(q="Digitalisirung Verwaltung"))
    assert result.count == 0 and result.suggestion == "Digitalisierung Verwaltung"
    first, check = fake_es.requests[-2][2], fake_es.requests[-1][2]
    assert '"suggest"' in first and '"title.exact"' in first and '"missing"' in first
    assert '"size": 0' in check.replace('":0', '": 0') and '"public_visible"' in check


@pytest.mark.django_db
def test_no_suggestion_when_the_respelled_query_finds_nothing_the_user_may_see(fake_es):
    answers = [
        (200, _with_suggestion(search_answer([]), "zauberwaldwek", "zauberwaldweg")),
        (200, search_answer([])),  # the word is only in non-public documents
    ]
    fake_es.answer = lambda method, path: answers.pop(0)
    assert search(user=AnonymousUser(), request=SearchRequest(q="Zauberwaldwek")).suggestion == ""
