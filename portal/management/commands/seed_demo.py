"""Build the demo: Wagtail site, three resellers with their teams, staff users,
the catalogue, stock, an order history, the resellers' customers with their
installations and web reorders, callback requests, and a month of web and
call-center sales; ``--scale large`` adds the volume the
benchmarks need.

Idempotent: a second run finds everything in place and changes nothing.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings

from accounts import demo as accounts_demo
from ordering import demo as ordering_demo
from ordering.orders.services import sales_summary_rebuild
from pages import demo as pages_demo

# The demo history ships parcels to made-up addresses and invites made-up
# customers to their space: the emails it would send are dropped instead of
# queued.
QUIET_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class Command(BaseCommand):
    help = (
        "Create the demo resellers, users, catalogue, orders, customers and "
        "installations (safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["small", "large"],
            default="small",
            help=(
                "large also adds 1,000 resellers, 5,000 products, 200,000 orders, "
                "1,000,000 order lines, 50,000 installations with their customers, "
                "2,000 documentation pages and 1,000 fault codes for "
                "`manage.py benchmark` (minutes)."
            ),
        )

    def handle(self, *args, scale="small", **options):
        started = time.perf_counter()
        with (
            override_settings(TASKS=QUIET_TASKS),
            transaction.atomic(),
            # Invoices are issued at the end, oldest first, numbered in date order.
            ordering_demo.invoicing_deferred(),
        ):
            pages_demo.seed(log=self.stdout.write)
            logins = accounts_demo.seed(log=self.stdout.write)
            ordering_demo.seed(log=self.stdout.write)
            logins += accounts_demo.seed_installations(log=self.stdout.write)
            accounts_demo.seed_callbacks(log=self.stdout.write)
            accounts_demo.seed_aftersales(log=self.stdout.write)
            ordering_demo.seed_channels(log=self.stdout.write)
            pages_demo.seed_documentation(log=self.stdout.write)
        with override_settings(TASKS=QUIET_TASKS), transaction.atomic():
            ordering_demo.seed_invoices(log=self.stdout.write)
            ordering_demo.seed_payments(log=self.stdout.write)
        self.stdout.write(f"Demo ready in {time.perf_counter() - started:.1f} s")
        if scale == "large":
            ordering_demo.seed_large(log=self.stdout.write)
            accounts_demo.seed_installations_large(log=self.stdout.write)
            with override_settings(TASKS=QUIET_TASKS):
                pages_demo.seed_large(log=self.stdout.write)
        # The dashboards' daily rows: the large set is inserted in bulk, and
        # the small one moves its orders back in time after placing them.
        sales_summary_rebuild()
        if scale == "large":
            statistics_refresh(log=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (password for all):"))
        self.stdout.write(f"  password: {accounts_demo.DEMO_PASSWORD}")
        for email, description in logins:
            self.stdout.write(f"  {email:<38} {description}")


def statistics_refresh(*, log) -> None:
    """Fresh planner statistics after a bulk load, and on PostgreSQL no dead
    rows left behind. Without statistics SQLite joins the search index in the
    wrong order (25 ms instead of 1 ms a search); after the seed's updates
    PostgreSQL's search index table held as many dead rows as live ones and
    the search skipped its GIN index (63 ms instead of 7 ms) until a VACUUM.
    VACUUM cannot run in a transaction: the seed's are all committed here."""
    started = time.perf_counter()
    command = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(command)
    log(f"{time.perf_counter() - started:>8.1f} s  {command}")
