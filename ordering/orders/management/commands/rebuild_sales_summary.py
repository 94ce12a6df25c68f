"""Write the dashboards' daily and monthly sales rows again from the orders.

The services keep the rows right as orders are placed, cancelled or
credited; run this after loading orders by other means (a bulk import,
``seed_demo``, a fix made in SQL). Safe to run at any time, as often as
wanted: the result depends on the orders alone.

    python manage.py rebuild_sales_summary
"""

import time

from django.core.management.base import BaseCommand

from ordering.orders.services import sales_summary_rebuild


class Command(BaseCommand):
    help = "Rebuild the dashboards' daily and monthly sales rows from the orders."

    def handle(self, *args, **options):
        started = time.perf_counter()
        for name, count in sales_summary_rebuild().items():
            self.stdout.write(f"{name}: {count:,} rows")
        self.stdout.write(f"Rebuilt in {time.perf_counter() - started:.1f} s")
