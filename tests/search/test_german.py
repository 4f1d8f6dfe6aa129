"""German as people type it: every example of issue 4, against the real index (SQLite or PostgreSQL)."""

import datetime

import pytest

from tests.factories import BodyFactory, PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(indexed):
    body = BodyFactory(name="Stadt Musterhausen")
    with indexed():
        papers = {
            "anfrage": PaperFactory(body=body, name="Anfrage zur Beleuchtung am Marktplatz", paper_type="anfrage"),
            "grundschule": PaperFactory(body=body, name="Neubau der Grundschule Nord"),
            "breitband": PaperFactory(body=body, name="Breitbandausbau im Gewerbegebiet West"),
            "sanierung": PaperFactory(
                body=body, name="Dach der Turnhalle", facts="<p>Die Sanierung der Grundschule am Park beginnt 2025.</p>"
            ),
            "strasse": PaperFactory(body=body, name="Umbenennung der Bahnhofstraße"),
            "buero": PaperFactory(body=body, name="Öffnungszeiten im Bürgerbüro"),
            "ob": PaperFactory(body=body, name="Bericht des Oberbürgermeisters zur Haushaltslage"),
            "ozg": PaperFactory(body=body, name="Umsetzung des Onlinezugangsgesetzes in der Verwaltung"),
            "top": PaperFactory(body=body, name="Aufnahme eines Tagesordnungspunktes zur Feuerwehr"),
            "reference": PaperFactory(body=body, reference="A/0006/2019", name="Einführung des Mängelmelders"),
            "mentions": PaperFactory(
                body=body,
                reference="ÄA/0001/2019",
                name="Änderungsantrag zum Antrag A/0006/2019",
                reasoning="<p>Der Antrag A/0006/2019 wird abgelehnt. Zu A/0006/2019 siehe oben.</p>",
                date=datetime.date(2019, 11, 5),
            ),
            "term": PaperFactory(body=body, reference="VII/0680/24", name="Arbeitspapier Digitalisierung"),
            "phrase_apart": PaperFactory(body=body, name="Die Grundschule braucht eine Sanierung der Fenster"),
        }
    return papers


def refs(result):
    return [h.plain_title for h in result.hits]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Anfragen", "anfrage"),
        ("Grundschulen", "grundschule"),
        ("Breitband", "breitband"),
        ("Schulsanierung", "sanierung"),
        ("Strasse", "strasse"),
        ("Bahnhofstrasse", "strasse"),
        ("Buergerbuero", "buero"),
        ("buergerbüro", "buero"),
        ("OB", "ob"),
        ("OZG", "ozg"),
        ("TOP Feuerwehr", "top"),
    ],
)
def test_german_query_finds_paper(archive, find, query, key):
    assert archive[key].name in refs(find(query))


def test_schule_finds_grundschule_by_decompounding(archive, find):
    assert archive["grundschule"].name in refs(find("Schule"))


def test_reference_number_puts_the_paper_first(archive, find):
    result = find("A/0006/2019")
    assert result.hits[0].plain_title == archive["reference"].name
    assert result.hits[0].pinned
    assert archive["mentions"].name in refs(result)


def test_reference_number_with_roman_term(archive, find):
    assert find("VII/0680/24").hits[0].reference == "VII/0680/24"


def test_phrase_in_quotes_needs_the_words_in_order(archive, find):
    found = refs(find('"Sanierung der Grundschule"'))
    assert archive["sanierung"].name in found
    assert archive["phrase_apart"].name not in found


def test_minus_excludes(archive, find):
    found = refs(find("Grundschule -Fenster"))
    assert archive["grundschule"].name in found
    assert archive["phrase_apart"].name not in found


def test_or_finds_either(archive, find):
    found = refs(find("Bürgerbüro ODER Feuerwehr"))
    assert {archive["buero"].name, archive["top"].name} <= set(found)


def test_snippet_marks_the_matching_inflection(archive, find):
    hit = next(h for h in find("Grundschulen").hits if h.plain_title == archive["sanierung"].name)
    assert "<mark>Grundschule</mark>" in hit.snippet


def test_title_marks_umlaut_variant(archive, find):
    hit = find("Buergerbuero").hits[0]
    assert "<mark>Bürgerbüro</mark>" in hit.title


def test_snippet_escapes_user_text(indexed, find):
    with indexed():
        PaperFactory(name="Skript <script>alert(1)</script> Haushalt")
    hit = find("Haushalt").hits[0]
    assert "<script>" not in hit.title and "&lt;script&gt;" in hit.title
