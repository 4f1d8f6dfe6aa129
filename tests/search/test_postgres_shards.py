"""PostgreSQL: narrow document rows and the full-text index in shards (migration 0006).

A search reads up to ``COUNT_CAP + 1`` matches for its count and facets; the rows it reads are
kept narrow (text, stems and ``tsvector`` out of line) and the matches are asked for shard by
shard, newest block of ids first, each from its own partial GIN index."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search.backends import database as db
from search.indexing import SHARD_INDEXES, decompounder
from search.models import SHARD_IDS, SHARDS, Kind, SearchDocument, SearchTag
from search.query import match_tree, parse
from tests.factories import PaperFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LONG_TEXT = "<p>" + " ".join(f"Haushaltssperre Absatz {n} über die Sanierung der Grundschule." for n in range(60)) + "</p>"


def _documents_moved_to(ids: list[int], indexed) -> list[int]:
    """Papers about the Haushaltssperre whose search documents are given the ``ids`` (their tags
    removed first, so no foreign key points at an old id)."""
    with indexed():
        papers = [PaperFactory(name=f"Haushaltssperre {n}", facts=LONG_TEXT) for n in range(len(ids))]
    docs = [SearchDocument.objects.get(kind=Kind.PAPER, object_id=paper.pk).pk for paper in papers]
    SearchTag.objects.filter(document_id__in=docs).delete()
    with connection.cursor() as cursor:
        for old, new in zip(docs, ids, strict=True):
            cursor.execute("UPDATE ris_search_searchdocument SET id = %s WHERE id = %s", [new, old])
    return ids


def _page(q: str, **kwargs) -> db.Page:
    tree = match_tree(parse(q), decompounder())
    return db.postgres_page(db.visible_documents(AnonymousUser()), tree, ranked=True, first=0, size=20, **kwargs)


def _out_of_line_values() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'ris_search_searchdocument'")
        toast = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(DISTINCT chunk_id) FROM {toast}")
        return cursor.fetchone()[0]


def test_document_rows_keep_text_stems_and_vector_out_of_line(indexed):
    before = _out_of_line_values()
    with indexed():
        paper = PaperFactory(name="Haushaltssperre", facts=LONG_TEXT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'ris_search_searchdocument'")
        assert "toast_tuple_target=128" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT length(text), length(text_terms), length(vector::text) FROM ris_search_searchdocument"
            " WHERE kind = 'paper' AND object_id = %s",
            [paper.pk],
        )
        assert min(cursor.fetchone()) > 1000
    # The paper's text, its stems and its vector each went to the TOAST table; before migration
    # 0006 a row of this size stayed in the table's own pages, compressed.
    assert _out_of_line_values() - before >= 3


def test_shard_is_the_block_of_ids_modulo_the_shard_count(indexed):
    ids = _documents_moved_to([9_001, SHARD_IDS + 9_001, SHARDS * SHARD_IDS + 9_001], indexed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, shard FROM ris_search_searchdocument WHERE id = ANY(%s) ORDER BY id", [ids])
        assert cursor.fetchall() == [(9_001, 0), (SHARD_IDS + 9_001, 1), (SHARDS * SHARD_IDS + 9_001, 0)]


def test_each_shard_is_answered_from_its_own_partial_index(indexed):
    with indexed():
        PaperFactory(name="Haushaltssperre", facts=LONG_TEXT)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ris_search_searchdocument")
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ris_search_vector_shard_%%'")
        definitions = dict(cursor.fetchall())
        assert set(definitions) == set(SHARD_INDEXES)
        for name, where in SHARD_INDEXES.items():
            assert definitions[name].endswith(f"gin (vector) {where.replace('shard', '(shard')})")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM ris_search_searchdocument"
            " WHERE shard = 3 AND vector @@ to_tsquery('simple', 'haushaltssperr')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ris_search_vector_shard_3" in plan


def test_newest_block_of_documents_comes_first_when_the_matches_are_capped(indexed):
    oldest, middle, newest = _documents_moved_to([9_001, SHARD_IDS + 9_001, 2 * SHARD_IDS + 9_001], indexed)
    page = _page("Haushaltssperre", cap=1)
    assert (page.count, page.capped, page.ids) == (1, True, [newest])

    page = _page("Haushaltssperre", cap=2)
    assert (page.count, page.capped, sorted(page.ids)) == (2, True, [middle, newest])


def test_uncapped_search_finds_every_shard_and_counts_exactly(indexed, find):
    ids = _documents_moved_to([9_001, SHARD_IDS + 9_001, 5 * SHARD_IDS + 9_001, SHARDS * SHARD_IDS + 9_001], indexed)
    page = _page("Haushaltssperre")
    assert (page.count, page.capped, sorted(page.ids)) == (4, False, ids)
    assert page.facets.lists()["kind"] == [("paper", "Vorlage", 4)]
    result = find("Haushaltssperre")
    assert result.count == 4 and not result.approximate


@pytest.mark.django_db(transaction=True)
def test_rebuild_outside_a_transaction_builds_every_shard_index_again(find):
    from search.indexing import rebuild

    PaperFactory(name="Haushaltssperre", facts=LONG_TEXT)
    assert rebuild() >= 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ris_search_vector_shard_%%'")
        assert {row[0] for row in cursor.fetchall()} == set(SHARD_INDEXES)
    assert find("Haushaltssperre").count == 1
