"""The triggers that keep ``Product.stock_available`` (on hand less reserved
over every warehouse) whatever writes a stock level: the stock services, the
admin, a queryset ``update()``, a ``bulk_create`` of the demo seed or a test
factory. Each adds the row's change to its product in the same transaction.

SQLite checks every trigger when a table is renamed, so a migration that
makes Django rebuild ``ordering_product`` or ``ordering_stocklevel`` on
SQLite (an ``AlterField``, an ``AddConstraint``…) fails with "error in
trigger stock_available_…": run ``stock_triggers_drop`` before it and
``stock_triggers_create`` after it, as ``RunPython`` operations.
"""

TABLE = "ordering_stocklevel"
CHANGE = (
    "UPDATE ordering_product SET stock_available = stock_available "
    "{sign} ({row}.on_hand - {row}.reserved) WHERE id = {row}.product_id"
)

BACKFILL = (
    "UPDATE ordering_product SET stock_available = COALESCE(("
    "SELECT SUM(on_hand - reserved) FROM ordering_stocklevel "
    "WHERE product_id = ordering_product.id), 0)"
)

SQLITE_CREATE = "CREATE TRIGGER IF NOT EXISTS stock_available"
SQLITE = [
    f"{SQLITE_CREATE}_insert AFTER INSERT ON {TABLE} BEGIN "
    f"{CHANGE.format(sign='+', row='NEW')}; END",
    f"{SQLITE_CREATE}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"{CHANGE.format(sign='-', row='OLD')}; END",
    f"{SQLITE_CREATE}_update "
    f"AFTER UPDATE OF on_hand, reserved, product_id ON {TABLE} BEGIN "
    f"{CHANGE.format(sign='-', row='OLD')}; "
    f"{CHANGE.format(sign='+', row='NEW')}; END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS stock_available_{event}"
    for event in ("insert", "delete", "update")
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION stock_available_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {CHANGE.format(sign="-", row="OLD")};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {CHANGE.format(sign="+", row="NEW")};
    END IF;
    RETURN NULL;
END $$""",
    f"CREATE OR REPLACE TRIGGER stock_available_change "
    f"AFTER INSERT OR DELETE OR UPDATE OF on_hand, reserved, product_id "
    f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION stock_available_change()",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS stock_available_change ON {TABLE}",
    "DROP FUNCTION IF EXISTS stock_available_change()",
]


def stock_triggers_create(apps, schema_editor) -> None:
    """Create the triggers and sum the existing stock levels once."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])
    for statement in [*statements, BACKFILL]:
        schema_editor.execute(statement, params=None)


def stock_triggers_drop(apps, schema_editor) -> None:
    """Drop the triggers (the totals stay as they are)."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)
