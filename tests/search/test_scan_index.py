"""SQLite: the scan reads its columns from the covering index, not from the wide document rows."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search.backends import database as db
from search.indexing import decompounder
from search.query import match_tree, parse
from search.results import Filters
from tests.factories import BodyFactory, PaperFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the covering index is SQLite's"),
]


def test_scan_uses_the_covering_index_and_finds_the_same(indexed):
    body = BodyFactory()
    with indexed():
        wanted = PaperFactory(body=body, name="Sanierung der Grundschule")
        PaperFactory(body=body, name="Radweg am Fluss")
        PaperFactory(body=body, name="Nicht öffentliche Sanierung", public=False)
    assert db._scan_index_exists()
    base = db.apply_filters(db.visible_documents(AnonymousUser()), Filters(body=body.pk))
    tree = match_tree(parse("Sanierung"), decompounder())
    sql, params = db.ranked(base, tree).order_by().values_list(*db.SCAN_FIELDS, "score").query.sql_with_params()
    sql = sql.replace(f'FROM "{db.DOC_TABLE}"', f'FROM "{db.DOC_TABLE}" INDEXED BY {db.SCAN_INDEX}', 1)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert f"COVERING INDEX {db.SCAN_INDEX}" in plan
    with_index = db.scan(base, tree)
    db._scan_index[connection.settings_dict["NAME"]] = False
    try:
        without = db.scan(base, tree)
    finally:
        db._scan_index.clear()
    assert sorted(with_index.rows) == sorted(without.rows)
    assert [r[0] for r in with_index.rows] and len(with_index.rows) == 1
    assert wanted.pk  # the public paper is the one match
