"""The personal-data finder on hand-marked letters and on the cases that must not be findings."""

from pathlib import Path

import pytest

from privacy.detect import ADDRESS, BIRTHDATE, EMAIL, IBAN, NAME, PHONE, find
from privacy.evaluation import evaluate

CORPUS = Path(__file__).parent / "corpus"
# Written after the patterns, to measure them on letters they were not built on (docs/privacy.md).
HOLDOUT = Path(__file__).parent / "corpus_holdout"


def test_corpus_has_at_least_twenty_marked_letters():
    letters = list(CORPUS.glob("*.txt"))
    assert len(letters) >= 20


@pytest.mark.parametrize("folder", [CORPUS, HOLDOUT], ids=["corpus", "holdout"])
@pytest.mark.parametrize("category", [EMAIL, PHONE, IBAN, BIRTHDATE, ADDRESS, NAME, "all"])
def test_recall_and_precision_on_the_marked_letters(folder, category):
    score = evaluate(folder)[category]
    assert score.recall >= 0.95, score.misses
    assert score.precision >= 0.80, score.false


def _found(text, **kwargs):
    return [(f.category, f.text) for f in find(text, **kwargs)]


@pytest.mark.parametrize(
    "number",
    ["+49 3473 958-0", "0049 3473 95800", "(0 34 73) 95 80", "03473/958-0", "0171 2345678", "0176-55512345"],
)
def test_german_phone_formats(number):
    assert _found(f"Erreichbar unter {number} ab 9 Uhr.") == [(PHONE, number)]


def test_dates_amounts_and_reference_numbers_are_no_phone_numbers():
    text = "Vorlage VII/0680/24 vom 01.02.2024 über 184.320,55 EUR, Haushaltsstelle 2.1100.0400, Az. 0815/2021."
    assert _found(text) == []


def test_iban_needs_a_valid_checksum():
    assert _found("IBAN DE89 3704 0044 0532 0130 00") == [(IBAN, "DE89 3704 0044 0532 0130 00")]
    assert _found("IBAN DE88 3704 0044 0532 0130 00") == []


def test_known_members_and_the_town_hall_are_no_findings():
    text = "Herr Oberbürgermeister Andreas Michelmann, Markt 1, und Frau Erika Vogt, Gartenstraße 9."
    found = _found(text, known_names=["Andreas Michelmann"], known_addresses=["Markt 1"])
    assert found == [(NAME, "Erika Vogt"), (ADDRESS, "Gartenstraße 9")]


def test_birth_date_only_next_to_a_birth_word():
    assert _found("Frist bis 03.07.2024; geb. am 03.07.1981") == [(BIRTHDATE, "03.07.1981")]
