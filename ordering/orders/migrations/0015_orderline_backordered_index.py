"""A partial index on the order lines still waiting for stock.

The orders list, the search and the API flag each order of a page that has
back-ordered units (``with_backorder_flag``): without an index PostgreSQL
answered it by reading every order line (114 ms for 25 orders on 1,000,000
lines). The index holds only the waiting lines, so it stays tiny. Built
CONCURRENTLY on PostgreSQL so orders keep coming in, hence ``atomic = False``.
"""

from django.db import migrations, models

from portal.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("ordering", "0014_sales_summaries"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="orderline",
            index=models.Index(
                condition=models.Q(("quantity_backordered__gt", 0)),
                fields=["order"],
                name="orderline_backordered_idx",
            ),
        ),
    ]
