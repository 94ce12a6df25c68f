"""Trigram indexes for product searches on PostgreSQL.

The stock search and the header search look for words anywhere in a product
name (``icontains`` is ``UPPER(name) LIKE UPPER('%…%')``) or for a reference
as typed (``iexact``, ``istartswith``): without an index on both, PostgreSQL
reads the whole catalogue each time (22 ms instead of 0.3 ms on 5,000
products). Other databases skip them.
"""

from django.db import migrations

INDEXES = {
    "product_name_trgm_idx": "UPPER(name)",
    "product_reference_trgm_idx": "UPPER(reference)",
}


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON ordering_product "
            f"USING gin ({expression} gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ordering", "0005_product_kind_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
