"""Recognition on the five seed documents rendered as PDFs, and on the variants council papers use."""

import datetime
from pathlib import Path

import pytest

from ingest.recognition import Layout, first_pages_layout, parse_date, recognise
from motions.models import PaperType
from ris.pdf_render import render_text_pdf
from sessions.models import Result
from tests.motions.pdfs import document_pdf

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "demo_data"


def seed_pdf(name: str) -> bytes:
    return document_pdf((SEEDS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def amendment():
    return recognise(first_pages_layout(seed_pdf("aschersleben_aenderungsantrag_A-0006-2019.txt")))


@pytest.fixture(scope="module")
def inquiry():
    return recognise(first_pages_layout(seed_pdf("luebeck_VO-2014-01919.txt")))


@pytest.fixture(scope="module")
def resolution():
    return recognise(first_pages_layout(seed_pdf("aschersleben_VII-0680-24.txt")))


@pytest.fixture(scope="module")
def answer():
    return recognise(first_pages_layout(seed_pdf("altenburg_antwort_digitalisierung.txt")))


@pytest.fixture(scope="module")
def article():
    return recognise(first_pages_layout(seed_pdf("egovernment_sachsen-anhalt.txt")))


def test_recognise_amendment_type_date_subject_and_amended_motion(amendment):
    assert amendment.value("paper_type") == PaperType.AMENDMENT
    assert amendment.value("date") == datetime.date(2019, 11, 5)
    assert amendment.confidence("date") >= 0.9
    assert amendment.value("subject") == "Änderungsantrag des Oberbürgermeisters zum Antrag A/0006/2019"
    assert amendment.value("amends") == "A/0006/2019"


def test_recognise_amendment_does_not_take_the_amended_reference_as_its_own(amendment):
    assert amendment.value("reference") is None


def test_recognise_amendment_originators(amendment):
    assert amendment.value("originators") == ["Oberbürgermeister", "Michelmann"]


def test_recognise_inquiry_labelled_fields(inquiry):
    assert inquiry.value("reference") == "VO/2014/01919"
    assert inquiry.confidence("reference") >= 0.9
    assert inquiry.value("subject") == "Anfrage BM Oliver Dedow bzgl. online Bürgerbüro"
    assert inquiry.value("paper_type") == PaperType.INQUIRY
    assert inquiry.value("public") is True
    assert inquiry.confidence("public") >= 0.9
    assert inquiry.value("originators") == ["Oliver Dedow"]


def test_recognise_inquiry_beratungsfolge_from_text(inquiry):
    rows = inquiry.value("consultations")
    assert [r["organization"] for r in rows] == ["Senat", "Hauptausschuss"]
    assert rows[1]["date"] == "2014-09-16"
    assert rows[1]["result"] == Result.NOTED


def test_recognise_resolution_reference_and_subject(resolution):
    assert resolution.value("reference") == "VII/0680/24"
    assert resolution.value("subject") == "Arbeitspapier zur weiteren Digitalisierung der Verwaltung"
    assert resolution.value("paper_type") == PaperType.RESOLUTION_PROPOSAL
    assert resolution.value("public") is True


def test_recognise_resolution_vote_table(resolution):
    rows = resolution.value("consultations")
    assert resolution.confidence("consultations") >= 0.8  # a ruled table, read by pdfplumber
    assert rows[0] | {} == {
        "organization": "Finanz- und Verwaltungsausschuss",
        "date": "2024-02-21",
        "yes": 9,
        "no": 0,
        "abstain": 0,
        "unanimous": False,
        "result": Result.ADOPTED,
    }
    assert rows[1]["organization"] == "Stadtrat"
    assert rows[1]["unanimous"] is True
    assert rows[1]["result"] == Result.ADOPTED


def test_recognise_answer_letter(answer):
    assert answer.value("paper_type") == PaperType.ANSWER
    assert answer.value("date") == datetime.date(2021, 3, 8)
    assert answer.value("subject") == "Digitalisierung"
    assert answer.value("answers") == "Anfrage vom 28. Februar 2021"


def test_recognise_article_is_other_with_low_confidence(article):
    assert article.value("paper_type") == PaperType.OTHER
    assert article.confidence("paper_type") < 0.5
    assert article.value("reference") is None
    assert article.value("subject").startswith("E-Government in Sachsen-Anhalt")


def test_recognise_vote_rows_without_ruled_table():
    """The demo's own renderer prints the seed's table as plain lines; the rows are still votes."""
    text = (SEEDS / "aschersleben_VII-0680-24.txt").read_text(encoding="utf-8")
    found = recognise(first_pages_layout(render_text_pdf(title="Vorlage", text=text)))
    rows = found.value("consultations")
    assert [(r["organization"], r["yes"], r["unanimous"]) for r in rows] == [
        ("Finanz- und Verwaltungsausschuss", 9, False),
        ("Stadtrat", None, True),
    ]


def test_recognise_non_public():
    found = recognise(Layout(text="Beschlussvorlage\nDrucksache Nr. 2023/0815\nnichtöffentlich\nBetreff: Grundstück"))
    assert found.value("public") is False
    assert found.value("reference") == "2023/0815"
    assert found.value("paper_type") == PaperType.RESOLUTION_PROPOSAL


def test_recognise_answer_to_a_numbered_inquiry():
    found = recognise(Layout(text="Stellungnahme der Verwaltung\nzur Anfrage F/0012/2023\nDatum: 3. Mai 2023"))
    assert found.value("paper_type") == PaperType.ANSWER
    assert found.value("answers") == "F/0012/2023"
    assert found.value("date") == datetime.date(2023, 5, 3)


def test_recognise_faction_motion():
    found = recognise(Layout(text="Antrag der CDU-Fraktion\nBetreff: Sanierung der Turnhalle Nord\nDatum: 01.02.2022"))
    assert found.value("paper_type") == PaperType.MOTION
    assert found.value("originators") == ["CDU-Fraktion"]


def test_recognise_rejected_vote_counts():
    table = [["Nr.", "Gremium", "Datum", "ja", "nein", "Enth."], ["1.", "Bauausschuss", "03.03.2023", "3", "7", "1"]]
    rows = recognise(Layout(text="Beschlussvorlage", tables=[table])).value("consultations")
    assert rows[0]["result"] == Result.REJECTED
    assert (rows[0]["yes"], rows[0]["no"], rows[0]["abstain"]) == (3, 7, 1)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("05.11.2019", datetime.date(2019, 11, 5)),
        ("8. März 2021", datetime.date(2021, 3, 8)),
        ("1.2.24", datetime.date(2024, 2, 1)),
        ("31.02.2020", None),
        ("keins", None),
    ],
)
def test_parse_date(text, day):
    assert parse_date(text) == day
