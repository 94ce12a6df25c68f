"""Indexes for the customer search's email and postcode branches (PostgreSQL).

The search finds a word in the email (``icontains``: ``UPPER(email) LIKE``)
and at the start of the postcode; each is a branch of a UNION
(``accounts.customers.customer360.customer_find``), read through a trigram
index and a pattern index instead of every customer. Other databases skip
them, as they skip the folded name's trigram index (accounts 0009).

Built CONCURRENTLY so the customers table stays writable
(``portal.migration_operations``), hence ``atomic = False``.
"""

from django.db import migrations

INDEXES = {
    "customer_email_trgm_idx": "USING gin (UPPER(email) gin_trgm_ops)",
    "customer_postcode_pattern_idx": "(postcode varchar_pattern_ops)",
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f"ON accounts_customer {definition}"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ("customers", "0004_installation_firmware"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
