"""The database keeps ``Product.stock_available`` (on hand less reserved over
every warehouse) whatever writes a stock level: the stock services, the
admin, a queryset ``update()``, a ``bulk_create`` of the demo seed or a test
factory. Triggers, rather than code in each service, because nothing that
writes a stock level can then forget it; each adds the row's change to its
product in the same transaction.

Existing rows are summed once. SQLite and PostgreSQL only (the two the
project runs on); on SQLite, a later migration that remakes the stock level
table drops its triggers: ``tests/ordering/stock/test_available.py`` then fails.
"""

from django.db import migrations

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

SQLITE = [
    f"CREATE TRIGGER stock_available_insert AFTER INSERT ON {TABLE} BEGIN "
    f"{CHANGE.format(sign='+', row='NEW')}; END",
    f"CREATE TRIGGER stock_available_delete AFTER DELETE ON {TABLE} BEGIN "
    f"{CHANGE.format(sign='-', row='OLD')}; END",
    f"CREATE TRIGGER stock_available_update "
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
    f"CREATE TRIGGER stock_available_change "
    f"AFTER INSERT OR DELETE OR UPDATE OF on_hand, reserved, product_id "
    f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION stock_available_change()",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS stock_available_change ON {TABLE}",
    "DROP FUNCTION IF EXISTS stock_available_change()",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])
    for statement in [*statements, BACKFILL]:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_product_stock_available"),
        ("stock", "0002_stock_level_restocked_at"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
