"""Each product's available units, kept by the database: triggers on the
stock levels (``ordering.stock.triggers``), and the existing levels summed
once. SQLite and PostgreSQL only (the two the project runs on)."""

from django.db import migrations

from ordering.stock.triggers import stock_triggers_create, stock_triggers_drop


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_product_stock_available"),
        ("stock", "0002_stock_level_restocked_at"),
    ]

    operations = [migrations.RunPython(stock_triggers_create, stock_triggers_drop)]
