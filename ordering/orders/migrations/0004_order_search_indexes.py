"""Indexes for the order search.

``order_org_search_idx`` holds every column the search reads, so SQLite and
PostgreSQL answer a reseller's search from the index alone. On PostgreSQL,
a trigram index also finds an end customer's name anywhere in the text
(``icontains`` is ``UPPER(name) LIKE UPPER('%…%')``) across all orders, as
staff search; other databases have no such index and skip it.

Both are built CONCURRENTLY on PostgreSQL (``portal.migration_operations``):
orders keep coming in while the indexes are built, hence ``atomic = False``.
"""

from django.db import migrations, models

from portal.migration_operations import AddIndexConcurrently

TRIGRAM_INDEX = "order_customer_trgm_idx"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TRIGRAM_INDEX} ON ordering_order "
        "USING gin (UPPER(end_customer_name) gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("ordering", "0003_order_totals_add_up_to_the_cent"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="order",
            index=models.Index(
                fields=[
                    "organisation",
                    "end_customer_name",
                    "purchase_order_reference",
                    "number",
                ],
                name="order_org_search_idx",
            ),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
