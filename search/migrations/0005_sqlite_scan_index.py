from django.db import migrations

COLUMNS = ("id", "public", "kind", "object_id", "date", "paper_type", "body_id", "year", "facet_tags")


def create(apps, schema_editor):
    """SQLite only (see search.backends.database.SCAN_INDEX): PostgreSQL counts in one statement
    over the GIN bitmap and would only pay for a wide B-tree of facet text."""
    if schema_editor.connection.vendor != "sqlite":
        return
    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS ris_search_scan ON ris_search_searchdocument ({columns})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS ris_search_scan")


class Migration(migrations.Migration):
    dependencies = [("ris_search", "0004_document_matter")]

    operations = [migrations.RunPython(create, drop)]
