"""Indexes on the big tables are built without blocking orders (PostgreSQL).

A plain CREATE INDEX on the orders, customers or installations table stops
every insert and update until the build ends; on a live site that is
resellers unable to order during a deploy. Every migration that indexes one
of these tables once it exists must build CONCURRENTLY, and so must not run
in a transaction. The SQL is read as ``sqlmigrate`` prints it; indexes that
RunPython functions create with raw SQL are read by running those functions
against a recorder.
"""

import inspect
import io
import re

import pytest
from django.core.management import call_command
from django.db import NotSupportedError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from portal.migration_operations import AddIndexConcurrently, RemoveIndexConcurrently

BIG_TABLES = {
    "ordering_order",
    "accounts_customer",
    "accounts_installation",
    # Written by every order placed, in the order's transaction.
    "ordering_resellerdaysales",
    "ordering_resellermonthsales",
}
CREATE_INDEX = re.compile(
    r'CREATE (?:UNIQUE )?INDEX (?P<concurrently>CONCURRENTLY )?(?:IF NOT EXISTS )?"?'
    r'(?P<name>\w+)"? ON "?(?P<table>\w+)"?',
    re.IGNORECASE,
)
CREATE_TABLE = re.compile(r'CREATE TABLE "?(\w+)"?', re.IGNORECASE)
# Indexes on those tables built after the table, one per migration that adds
# them: the test fails if it stops seeing any of them.
KNOWN_LATE_INDEXES = {
    "order_org_search_idx",
    "order_customer_trgm_idx",
    "ordering_order_credited_organisation_id_1ed3c60d",
    "ordering_order_customer_id_db5570b3",
    "order_credited_recent_idx",
    "order_customer_folded_trgm_idx",
    "installation_compact_idx",
    "installation_serial_trgm_idx",
    "customer_search_folded_trgm_idx",
    "order_po_reference_upper_idx",
    "customer_email_trgm_idx",
    "customer_postcode_pattern_idx",
    "reseller_day_sales_cover_idx",
    "reseller_month_sales_cover_idx",
}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="CREATE INDEX CONCURRENTLY is PostgreSQL's; elsewhere indexes are plain",
)


class SQLRecorder:
    """Stands in for a schema editor: keeps the SQL a RunPython function runs."""

    def __init__(self):
        self.connection = connection
        self.statements: list[str] = []

    def execute(self, sql, params=None):
        self.statements.append(str(sql))


def _migrations():
    loader = MigrationLoader(connection)
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if app_label in {"accounts", "customers", "ordering"}:
            yield app_label, name, migration


def _statements(app_label: str, name: str, migration) -> list[str]:
    """The forward SQL of a migration on PostgreSQL, raw RunPython SQL included."""
    output = io.StringIO()
    call_command("sqlmigrate", app_label, name, stdout=output)
    statements = output.getvalue().splitlines()
    for operation in migration.operations:
        if isinstance(operation, RunPython) and "INDEX" in inspect.getsource(
            operation.code
        ):
            recorder = SQLRecorder()
            operation.code(None, recorder)
            statements += recorder.statements
    return statements


@postgresql_only
# Outside a transaction, as ``manage.py sqlmigrate`` runs: a migration that
# builds concurrently but is atomic fails here.
@pytest.mark.django_db(transaction=True)
def test_every_late_index_on_a_big_table_is_built_concurrently():
    seen, plain = set(), []
    for app_label, name, migration in _migrations():
        statements = _statements(app_label, name, migration)
        created_here = {
            match.group(1)
            for statement in statements
            for match in CREATE_TABLE.finditer(statement)
        }
        for statement in statements:
            index = CREATE_INDEX.search(statement)
            if not index or index["table"] not in BIG_TABLES:
                continue
            if index["table"] in created_here:
                continue  # an empty table, created in the same transaction
            seen.add(index["name"])
            if not index["concurrently"]:
                plain.append(f"{app_label}.{name}: {statement}")
            assert migration.atomic is False, f"{app_label}.{name} is atomic"

    assert plain == []
    assert KNOWN_LATE_INDEXES - seen == set()


@postgresql_only
@pytest.mark.django_db
def test_a_concurrent_index_in_a_transaction_says_how_to_fix_the_migration():
    operation = AddIndexConcurrently(
        "order", models.Index(fields=["status"], name="order_probe_idx")
    )
    loader = MigrationLoader(connection)
    state = loader.project_state()
    new_state = state.clone()
    operation.state_forwards("ordering", new_state)

    with (
        pytest.raises(NotSupportedError, match="atomic = False"),
        transaction.atomic(),
        connection.schema_editor(atomic=False) as editor,
    ):
        operation.database_forwards("ordering", editor, state, new_state)


@pytest.mark.django_db(transaction=True)
def test_the_operation_builds_and_drops_a_real_index_on_this_database():
    operation = AddIndexConcurrently(
        "order", models.Index(fields=["status", "number"], name="order_probe_idx")
    )
    state = MigrationLoader(connection).project_state()
    new_state = state.clone()
    operation.state_forwards("ordering", new_state)

    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            return set(
                connection.introspection.get_constraints(cursor, "ordering_order")
            )

    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("ordering", editor, state, new_state)
    try:
        assert "order_probe_idx" in indexes()
    finally:
        with connection.schema_editor(atomic=False) as editor:
            operation.database_backwards("ordering", editor, new_state, state)
    assert "order_probe_idx" not in indexes()


@pytest.mark.django_db(transaction=True)
def test_an_index_replaced_by_a_wider_one_is_dropped_and_comes_back_on_reverse():
    state = MigrationLoader(connection).project_state()
    operation = RemoveIndexConcurrently(
        "resellermonthsales", "reseller_month_sales_cover_idx"
    )
    new_state = state.clone()
    operation.state_forwards("ordering", new_state)

    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            return set(
                connection.introspection.get_constraints(
                    cursor, "ordering_resellermonthsales"
                )
            )

    assert "reseller_month_sales_cover_idx" in indexes()
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("ordering", editor, state, new_state)
    try:
        assert "reseller_month_sales_cover_idx" not in indexes()
    finally:
        with connection.schema_editor(atomic=False) as editor:
            operation.database_backwards("ordering", editor, new_state, state)
    assert "reseller_month_sales_cover_idx" in indexes()
