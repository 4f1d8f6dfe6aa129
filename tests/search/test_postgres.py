"""PostgreSQL specifics: the tsvector trigger, its weights, and the GIN index the match uses."""

import pytest
from django.db import connection

from search.backends.database import postgres_match
from search.indexing import decompounder
from search.query import match_tree, parse
from tests.factories import PaperFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_vector_is_weighted_title_text_and_compound_parts(indexed):
    with indexed():
        paper = PaperFactory(name="Grundschulen", facts="<p>Sanierung</p>")
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM ris_search_searchdocument WHERE object_id = %s", [paper.pk])
        vector = cursor.fetchone()[0]
    assert "'grundschul':" in vector and "A" in vector.split("'grundschul':")[1].split(" ")[0]
    assert "'sanier':" in vector and "B" in vector.split("'sanier':")[1].split(" ")[0]
    assert "'schul':" in vector  # the compound part, weight C


def test_match_uses_the_gin_index(indexed):
    with indexed():
        PaperFactory(name="Sanierung der Grundschule")
    expr = postgres_match(match_tree(parse("Schulsanierung"), decompounder()))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM ris_search_searchdocument WHERE vector @@ to_tsquery('simple', %s)", [expr]
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ris_search_vector_gin" in plan


def test_raw_tsquery_of_any_input_is_valid(indexed, find):
    with indexed():
        PaperFactory(name="Sanierung der Grundschule")
    for q in ["Schulsanierung -Turnhalle", '"Sanierung der" ODER OB', "a:*b & | ! ( ) <->", "'\\''"]:
        find(q)  # raises on invalid tsquery syntax
    assert find("Schulsanierung -Turnhalle").count == 1


@pytest.mark.django_db(transaction=True)
def test_rebuild_outside_a_transaction_builds_the_gin_index_once_after(find):
    from search.indexing import GIN_INDEX, rebuild

    PaperFactory(name="Sanierung der Grundschule")
    assert rebuild() >= 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
        assert "gin (vector)" in cursor.fetchone()[0]
    assert find("Schulsanierung").count == 1


def test_prefix_terms_are_spelled_out_as_known_stems(indexed, find):
    with indexed():
        PaperFactory(name="Breitbandausbau im Ortsteil")
    expr = postgres_match(match_tree(parse("Breitband"), decompounder()))
    assert ":*" not in expr and "'breitbandausbau'" in expr
    assert find("Breitband").count == 1
