"""Search that forgives (issue 19): "Meinten Sie …" from the index's own vocabulary, plurals of
compounds, one hit per matter, organization facets named with their body and administrative
units apart, German dates; against the real index (SQLite or PostgreSQL)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.selectors import group_by_matter, request_from_params
from sessions.models import OrganizationType
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    ConsultationFactory,
    FileFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(indexed):
    town, other = BodyFactory(name="Stadt Aschersleben"), BodyFactory(name="Stadt Altenburg")
    with indexed():
        council = OrganizationFactory(body=town, name="Stadtrat")
        other_council = OrganizationFactory(body=other, name="Stadtrat")
        unit = OrganizationFactory(
            body=town, name="1.201 Haushalt und Steuerung", organization_type=OrganizationType.ADMINISTRATION
        )
        paper = PaperFactory(
            body=town,
            name="Arbeitspapier zur weiteren Digitalisierung der Verwaltung",
            reference="VII/0680/24",
            date=datetime.date(2024, 2, 21),
        )
        ConsultationFactory(paper=paper, organization=council)
        ConsultationFactory(paper=paper, organization=unit)
        meeting = MeetingFactory(organization=council)
        item = AgendaItemFactory(meeting=meeting, name="Arbeitspapier zur Digitalisierung", public=True)
        ConsultationFactory(paper=paper, organization=council, meeting=meeting, agenda_item=item)
        file = FileFactory(body=town, paper=paper, name="Vorlage VII/0680/24")
        for number in (1, 2, 3):
            file.pages.create(number=number, text=f"Seite {number} über die Digitalisierung der Verwaltung.")
        answer = PaperFactory(body=other, name="Digitalisierung der Schulen", date=datetime.date(2021, 3, 8))
        ConsultationFactory(paper=answer, organization=other_council)
        buero = PaperFactory(body=town, name="Öffnungszeiten im Bürgerbüro", date=datetime.date(2023, 5, 2))
        secret = PaperFactory(body=town, name="Grundstücksgeschäft Zauberwaldweg", public=False)
    file.refresh_from_db()  # extraction state written by the index task
    return {"paper": paper, "file": file, "answer": answer, "buero": buero, "secret": secret, "unit": unit}


def test_a_misspelled_word_gets_a_suggestion_spelled_as_the_archive_spells_it(archive, find):
    result = find("Digitalisirung")
    assert result.count == 0
    assert result.suggestion == "Digitalisierung"
    assert find(result.suggestion).count > 0


def test_misspelled_umlaut_word_is_suggested_with_its_umlauts(archive, find):
    assert find("Bürgerbüra").suggestion == "Bürgerbüro"
    assert find("buergerbuera").suggestion == "bürgerbüro"


def test_no_suggestion_when_the_query_finds_something_or_nothing_is_close(archive, find):
    assert find("Digitalisierung").suggestion == ""
    assert find("Xylophonorchester").suggestion == ""


def test_no_suggestion_from_words_only_non_public_records_contain(archive, find):
    """The vocabulary holds the words of every text; a suggestion must not reveal a non-public one."""
    assert find("Zauberwaldwek").suggestion == ""


def test_plural_of_a_compound_finds_what_the_singular_finds(archive, find):
    singular, plural = find("Bürgerbüro"), find("Bürgerbüros")
    assert singular.count >= 1
    assert {h.id for h in plural.hits} == {h.id for h in singular.hits}


def test_a_paper_with_its_files_and_agenda_items_is_one_hit_with_its_pages_under_it(archive, find):
    request = request_from_params({"q": "Digitalisierung"})
    result = find("Digitalisierung")
    assert result.count >= 6  # paper, agenda item, three file pages, the other town's paper
    grouped = group_by_matter(user=AnonymousUser(), request=request, hits=result.hits)
    heads = [(h.kind, h.id) for h in grouped]
    assert heads.count(("paper", archive["paper"].pk)) == 1
    head = next(h for h in grouped if (h.kind, h.id) == ("paper", archive["paper"].pk))
    assert {(c.kind, c.id) for c in head.children} >= {("file", archive["file"].pk)}
    assert len([c for c in head.children if c.kind == "file"]) == 3
    assert any(c.kind == "agenda_item" for c in head.children)
    assert ("paper", archive["answer"].pk) in heads


def test_a_matter_whose_paper_did_not_match_is_headed_by_its_paper(archive, find):
    request = request_from_params({"q": "Seite"})  # only the file's pages say "Seite"
    grouped = group_by_matter(user=AnonymousUser(), request=request, hits=find("Seite").hits)
    assert [(h.kind, h.id) for h in grouped] == [("paper", archive["paper"].pk)]
    assert len(grouped[0].children) == 3


def test_the_page_shows_one_hit_per_matter(archive, client):
    html = client.get("/suche/", {"q": "Digitalisierung"}).content.decode()
    assert html.count('class="hit hit-paper') == 2
    assert "Weitere Fundstellen zu diesem Vorgang" in html
    assert "Seite 2" in html
    groups = html.count('class="hit hit-')
    assert f"in {groups} Vorgängen" in html


def test_organization_facet_names_the_body_when_several_and_keeps_units_apart(archive, client):
    html = client.get("/suche/", {"q": "Digitalisierung"}).content.decode()
    assert "Stadtrat (Stadt Aschersleben)" in html and "Stadtrat (Stadt Altenburg)" in html
    committees = html.split("<summary>Gremium</summary>")[1].split("</details>")[0]
    units = html.split("<summary>Verwaltung</summary>")[1].split("</details>")[0]
    assert "1.201 Haushalt und Steuerung" in units and "1.201" not in committees
    # Within one body the name alone is enough.
    one_body = client.get("/suche/", {"q": "Digitalisierung", "body": archive["paper"].body_id}).content.decode()
    assert "Stadtrat (Stadt" not in one_body and ">Stadtrat</a>" in one_body


def test_a_unit_facet_filters_like_an_organization(archive, client):
    payload = client.get("/api/search", {"q": "Digitalisierung", "organization": archive["unit"].pk}).json()
    assert payload["count"] >= 1
    assert {r["matter"] for r in payload["results"]} == {f"paper:{archive['paper'].pk}"}


@pytest.mark.parametrize("typed", ["1.1.2024", "01.01.2024", "01.01.24", "2024-01-01"])
def test_dates_are_understood_as_germans_type_them(archive, find, typed):
    result = find("Digitalisierung", date_from=typed)
    assert result.count > 0
    assert all(h.date is None or h.date >= datetime.date(2024, 1, 1) for h in result.hits)
    assert archive["answer"].pk not in {h.id for h in result.hits if h.kind == "paper"}


def test_date_fields_are_text_fields_with_a_german_hint(archive, client):
    html = client.get("/suche/", {"q": "Digitalisierung", "date_from": "1.1.2024"}).content.decode()
    assert 'name="date_from" size="10"' in html and 'value="01.01.2024"' in html
    assert "TT.MM.JJJJ" in html and 'type="date"' not in html


def test_suggestion_is_on_the_page_as_a_link(archive, client):
    html = client.get("/suche/", {"q": "Digitalisirung"}).content.decode()
    assert 'Meinten Sie: <a href="?q=Digitalisierung"' in html


def test_anonymous_search_page_is_cached_and_a_new_paper_shows_at_once(archive, client, indexed):
    first = client.get("/suche/", {"q": "Haushaltsplan"}).content.decode()
    assert "Keine Treffer" in first
    with CaptureQueriesContext(connection) as cached:
        client.get("/suche/", {"q": "Haushaltsplan"})
    assert not [q for q in cached.captured_queries if "ris_search_searchdocument" in q["sql"]]  # from the cache
    with indexed():
        paper = PaperFactory(body=archive["paper"].body, name="Haushaltsplan 2025")
    again = client.get("/suche/", {"q": "Haushaltsplan"}).content.decode()
    assert paper.get_absolute_url() in again and "Keine Treffer" not in again
