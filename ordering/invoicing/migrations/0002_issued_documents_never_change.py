"""The database itself refuses to change what an issued document says.

The services only ever move the money received against an invoice
(``amount_paid``, ``amount_credited``) and its transmission to the platform;
any other change, by code or by hand in a SQL console, is refused. On
PostgreSQL a document cannot be deleted either (SQLite's test runner empties
tables with DELETE, so there the models refuse it).
"""

from django.db import migrations

MOVING = {"amount_paid", "amount_credited", "transmitted_at", "platform_reference"}
INVOICE_COLUMNS = [
    "kind", "number", "organisation_id", "issue_date", "due_date", "currency",
    "seller", "buyer", "delivery", "delivery_date", "payment_term_days",
    "payment_term_end_of_month", "order_references", "purchase_order_reference",
    "total_excl_vat", "total_vat", "total_incl_vat", "credited_invoice_id",
    "reason", "reason_details", "created_at",
]  # fmt: skip
LINE_COLUMNS = [
    "invoice_id", "order_line_id", "credited_line_id", "order_number",
    "product_reference", "description", "quantity", "unit_price", "vat_rate",
    "total_excl_vat",
]  # fmt: skip
MESSAGE = "an issued invoice or credit note never changes: issue a credit note"


def _sqlite(table: str, columns: list[str]) -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return [
        f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} FOR EACH ROW "
        f"WHEN {changed} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ]


def _postgresql(table: str, columns: list[str]) -> list[str]:
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    return [
        f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} FOR EACH ROW "
        f"WHEN (ROW({old}) IS DISTINCT FROM ROW({new})) "
        "EXECUTE FUNCTION invoicing_refuse_change()",
        f"CREATE TRIGGER {table}_kept BEFORE DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION invoicing_refuse_change()",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = []
    if vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION invoicing_refuse_change() RETURNS trigger "
            f"AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql"
        )
        build = _postgresql
    elif vendor == "sqlite":
        build = _sqlite
    else:
        return
    statements += build("invoicing_invoice", INVOICE_COLUMNS)
    statements += build("invoicing_invoiceline", LINE_COLUMNS)
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in ("invoicing_invoice", "invoicing_invoiceline"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen" + (
            f" ON {table}" if vendor == "postgresql" else ""
        ))
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_kept ON {table}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS invoicing_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0001_invoices_credit_notes_payments")]

    operations = [migrations.RunPython(create, drop)]
