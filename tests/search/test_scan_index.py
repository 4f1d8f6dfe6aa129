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
    sql, params = db.scan_sql(base, tree)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert f"COVERING INDEX {db.SCAN_INDEX}" in plan
    with_index = db.sqlite_page(base, tree, by_date=False, first=0, size=20)
    db._scan_index[connection.settings_dict["NAME"]] = False
    try:
        without = db.sqlite_page(base, tree, by_date=False, first=0, size=20)
    finally:
        db._scan_index.clear()
    document = db.visible_documents(AnonymousUser()).get(kind="paper", object_id=wanted.pk)
    assert with_index.ids == without.ids == [document.pk]
    assert with_index.count == without.count == 1
    assert with_index.facets.lists() == without.facets.lists()
