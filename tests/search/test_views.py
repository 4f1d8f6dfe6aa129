"""The /suche/ page and the /api/search JSON: shape, facets, sorting, paging, and no input breaks them."""

import datetime

import pytest

from tests.factories import BodyFactory, ConsultationFactory, OrganizationFactory, PaperFactory, PersonFactory

pytestmark = pytest.mark.django_db

BAD_INPUT = [
    '"',
    '"""',
    "-",
    "OR",
    "AND",
    "ODER -",
    "*",
    "NEAR(",
    "a" * 10_000,
    "Haushalt " * 1200,
    "\x00\x01\x02\x1b[31m",
    "%00%ff",
    "'; DROP TABLE ris_search_searchdocument; --",
    '{title_terms}: "x',
    "Haus\u0000halt",
    "🚀 Ümläüt ß ẞ",
    "A/",
    "/0006/",
    '-""',
]


@pytest.fixture
def haushalt(indexed):
    body = BodyFactory(name="Stadt Sparhausen")
    with indexed():
        council = OrganizationFactory(body=body, name="Stadtrat")
        mayor = PersonFactory(body=body, name="Erika Muster")
        papers = []
        for i in range(25):
            paper = PaperFactory(
                body=body,
                name=f"Haushaltssatzung Nachtrag {i}",
                paper_type="antrag" if i % 2 else "beschlussvorlage",
                date=datetime.date(2020 + i % 4, 1, 1 + i),
            )
            papers.append(paper)
        ConsultationFactory(paper=papers[0], organization=council)
        papers[1].originator_persons.add(mayor)
    return {"body": body, "papers": papers, "council": council, "mayor": mayor}


@pytest.mark.parametrize("q", BAD_INPUT)
def test_page_any_input_gives_a_page(client, haushalt, q):
    response = client.get("/suche/", {"q": q})
    assert response.status_code == 200
    assert b"Treffer" in response.content


@pytest.mark.parametrize("q", BAD_INPUT)
def test_api_any_input_gives_json(client, haushalt, q):
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200
    assert set(response.json()) == {"count", "approximate", "suggestion", "results", "facets"}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999"},
        {"year": "zwanzig"},
        {"body": "x"},
        {"kind": "<script>"},
        {"date_from": "2024-13-45"},
        {"sort": "evil"},
        {"organization": "x" * 500},
    ],
)
def test_api_bad_parameters_are_ignored(client, haushalt, params):
    response = client.get("/api/search", {"q": "Haushalt", **params})
    assert response.status_code == 200


def test_api_shape_is_as_specified(client, haushalt):
    data = client.get("/api/search", {"q": "Haushaltssatzung"}).json()
    assert data["count"] == 25
    assert len(data["results"]) == 20
    assert set(data["results"][0]) == {"id", "kind", "reference", "title", "url", "date", "body", "matter", "snippet"}
    assert data["results"][0]["body"] == "Stadt Sparhausen"
    assert set(data["facets"]) == {"kind", "type", "body", "organization", "originator", "year"}
    assert {"value": "antrag", "label": "Antrag", "count": 12} in data["facets"]["type"]


def test_api_count_is_exact_below_the_cap(client, haushalt):
    data = client.get("/api/search", {"q": "Haushaltssatzung"}).json()
    assert data["count"] == 25 and data["approximate"] is False


@pytest.fixture
def count_cap(monkeypatch):
    """A cap of 10 matches instead of 10,000, so that 25 papers exceed it."""
    from search.backends import database

    monkeypatch.setattr(database, "COUNT_CAP", 10)


def test_api_count_beyond_the_cap_is_flagged_approximate(client, haushalt, count_cap):
    response = client.get("/api/search", {"q": "Haushaltssatzung"})
    data = response.json()
    assert data["count"] == 10 and data["approximate"] is True
    assert response["X-Total-Count-Approximate"] == "true"
    assert len(data["results"]) == 10  # hits come from the same capped set
    assert 10 <= sum(f["count"] for f in data["facets"]["type"]) <= 11  # facets over the capped set


def test_page_says_more_than_when_the_count_is_capped(client, haushalt, count_cap):
    html = client.get("/suche/", {"q": "Haushaltssatzung"}).content.decode()
    assert "mehr als 10 Treffer" in html


def test_api_second_page(client, haushalt):
    data = client.get("/api/search", {"q": "Haushaltssatzung", "page": "2"}).json()
    assert len(data["results"]) == 5


def test_api_facets_reflect_filters(client, haushalt):
    data = client.get("/api/search", {"q": "Haushaltssatzung", "type": "antrag", "year": "2021"}).json()
    assert data["count"] == len(data["results"]) > 0
    assert {f["value"] for f in data["facets"]["type"]} == {"antrag"}
    assert {f["value"] for f in data["facets"]["year"]} == {"2021"}
    assert all("Haushaltssatzung" in r["title"] for r in data["results"])


def test_api_filter_by_organization_and_originator(client, haushalt):
    council = client.get("/api/search", {"q": "Haushalt", "organization": haushalt["council"].pk}).json()
    assert [r["title"] for r in council["results"]] == ["Haushaltssatzung Nachtrag 0"]
    mayor = client.get("/api/search", {"q": "Haushalt", "originator": f"person:{haushalt['mayor'].pk}"}).json()
    assert [r["title"] for r in mayor["results"]] == ["Haushaltssatzung Nachtrag 1"]
    facet = client.get("/api/search", {"q": "Haushalt"}).json()["facets"]["originator"]
    assert facet == [{"value": f"person:{haushalt['mayor'].pk}", "label": "Erika Muster", "count": 1}]


def test_api_sort_by_date(client, haushalt):
    data = client.get("/api/search", {"q": "Haushaltssatzung", "sort": "date"}).json()
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)


def test_api_date_range(client, haushalt):
    data = client.get("/api/search", {"q": "Haushalt", "date_from": "2023-01-01", "date_to": "2023-12-31"}).json()
    assert data["count"] > 0 and all(r["date"].startswith("2023") for r in data["results"])


def test_page_shows_hit_details_and_facet_links(client, haushalt):
    html = client.get("/suche/", {"q": "Haushaltssatzung"}).content.decode()
    assert "<mark>Haushaltssatzung</mark>" in html
    assert "Stadt Sparhausen" in html
    assert "?q=Haushaltssatzung&amp;type=antrag" in html
    assert 'rel="next"' in html


def test_page_escapes_the_query(client, haushalt):
    html = client.get("/suche/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
