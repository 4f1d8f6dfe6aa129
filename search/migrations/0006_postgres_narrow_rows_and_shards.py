"""PostgreSQL only: narrow table rows and the full-text index in eight shards.

- ``toast_tuple_target = 128``: a document's text, stems and ``tsvector`` (several KB) are kept
  out of line, so the table's own rows are a few hundred bytes. A search reads up to 10,001 match
  rows for its count and facets; at 400,000 documents that read went from 3,300 to 570 table
  pages and the search statement from 56-80 ms to 22-28 ms (EXPLAIN ANALYZE, same run). It
  applies to rows written from now on: ``manage.py rebuild_search_index`` rewrites the others.
- ``shard``: the document's block of 50,000 ids, counted modulo 8 (a stored generated column),
  and one partial GIN index per shard (besides the whole-table index, which the other queries
  use). A search asks the shards one after the other, newest block first, and stops at 10,001
  matches, so a frequent word costs the GIN bitmap of one block, not of the whole archive
  (``search.backends.database.postgres_page``).

Both statements rewrite or scan the table and lock it while they run: on a large archive run
this migration when nobody searches. SQLite keeps its own layout (FTS5, migration 0005).
"""

from django.db import migrations

TABLE = "ris_search_searchdocument"
SHARDS = 8
SHARD_IDS = 50_000


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN shard smallint"
        f" GENERATED ALWAYS AS (mod(id / {SHARD_IDS}, {SHARDS})::smallint) STORED"
    )
    for shard in range(SHARDS):
        schema_editor.execute(
            f"CREATE INDEX ris_search_vector_shard_{shard} ON {TABLE} USING gin (vector) WHERE shard = {shard}"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for shard in range(SHARDS):
        schema_editor.execute(f"DROP INDEX IF EXISTS ris_search_vector_shard_{shard}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS shard")
    schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("ris_search", "0005_sqlite_scan_index")]

    operations = [migrations.RunPython(forward, backward)]
