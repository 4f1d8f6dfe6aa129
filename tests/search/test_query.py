"""The query parser and the German analysis, without a database."""

import pytest

from search import lexicon
from search.analysis import Decompounder, analyze, fold, stem, words
from search.query import All, Any, Phrase, Term, match_tree, parse

VOCABULARY = Decompounder([fold(w) for w in lexicon.SEED_WORDS] + ["breitband", "ausbau", "sanierung"])


def test_fold_umlauts_and_sharp_s():
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold("Bürgerbüro") == fold("Buergerbuero")


def test_stem_inflections_share_a_stem():
    assert stem("anfragen") == stem("anfrage")
    assert stem(fold("Grundschulen")) == stem(fold("Grundschule"))


def test_decompounder_splits_known_parts():
    assert VOCABULARY.split("breitbandausbau") == ("breitband", "ausbau")
    assert VOCABULARY.split("schulsanierung") == ("schul", "sanierung")
    assert {"grund", "schul"} <= VOCABULARY.part_stems("grundschule")


def test_fold_keeps_other_accents_out_and_ascii_as_is():
    assert fold("Café Größe ẞ") == "cafe groesse ss"
    assert fold("Haushalt 2024") == "haushalt 2024"


def test_stems_with_prefix_lists_the_known_stems_a_prefix_stands_for():
    vocabulary = Decompounder(["haushalt", "haushaltssatzung", "haushaltsplan", "hausmeister"])
    assert vocabulary.stems_with_prefix("haushalt", 10) == ["haushalt", "haushaltsplan", "haushaltssatz"]
    assert vocabulary.stems_with_prefix("haushalt", 2) is None  # too many: the caller keeps the prefix
    assert vocabulary.stems_with_prefix("zuschuss", 10) == []


def test_decompounder_leaves_unknown_words_alone():
    assert VOCABULARY.split("information") == ()
    assert VOCABULARY.split("xyzabcdefgh") == ()


def test_analyze_indexes_compound_parts_apart_from_the_text():
    terms, extra = analyze("Sanierung der Grundschulen", VOCABULARY)
    assert terms.split() == [stem("sanierung"), "der", stem("grundschulen")]
    assert "schul" in extra.split()


def test_parse_phrase_negation_and_or():
    parsed = parse('"Sanierung der Grundschule" -Turnhalle ODER Schulhof')
    first, second = parsed.groups
    assert first[0].phrase and first[0].words == ("sanierung", "der", "grundschule")
    assert first[1].negated and first[1].words == ("turnhalle",)
    assert second[0].words == ("schulhof",)


def test_parse_drops_stop_words_outside_phrases():
    parsed = parse("Antrag zur Sanierung")
    assert [c.words for c in parsed.groups[0]] == [("antrag",), ("sanierung",)]


def test_parse_recognises_reference_numbers():
    assert parse("A/0006/2019").references == ["A/0006/2019"]
    assert parse("Vorlage VII/0680/24").references == ["VII/0680/24"]
    assert parse("VO/2014/01919").references == ["VO/2014/01919"]
    assert parse("und/oder 2019").references == []


@pytest.mark.parametrize(
    "raw",
    ['"', '""', "-", "--", "OR", "AND OR ODER", "-OR", '"-"', "\x00\x01\x1f", "*", "(((", ""],
)
def test_parse_operators_and_junk_alone_give_an_empty_query(raw):
    parsed = parse(raw)
    assert match_tree(parsed).empty


def test_parse_sql_and_fts_syntax_become_plain_words():
    parsed = parse("'; DROP TABLE x; -- NEAR(a b) title:*")
    assert [c.words for c in parsed.groups[0]] == [("drop",), ("table",), ("x",), ("near", "a"), ("b",), ("title",)]


def test_parse_bounds_huge_input():
    parsed = parse("Haushalt " * 2000)
    assert len(parsed.raw) <= 500
    assert sum(len(g) for g in parsed.groups) <= 12


def test_parse_unclosed_quote_runs_to_the_end():
    parsed = parse('Antrag "Sanierung der Schule')
    assert parsed.groups[0][1].phrase and parsed.groups[0][1].words == ("sanierung", "der", "schule")


def test_match_tree_expands_abbreviations():
    node = match_tree(parse("OZG")).groups[0][0][0]
    assert isinstance(node, Any) and Term(stem("onlinezugangsgesetz")) in node.children


def test_match_tree_long_words_match_as_prefix_and_by_parts():
    node = match_tree(parse("Schulsanierung"), VOCABULARY).groups[0][0][0]
    assert Term(stem("schulsanierung"), prefix=True) in node.children
    assert All((Term("schul"), Term(stem("sanierung")))) in node.children


def test_match_tree_phrase_keeps_word_order():
    node = match_tree(parse('"Sanierung der Schule"')).groups[0][0][0]
    assert node == Phrase((stem("sanierung"), "der", stem("schule")))


def test_words_of_control_characters_and_markup():
    assert words("<b>Haus</b>\x00halt") == ["b", "haus", "b", "halt"]
