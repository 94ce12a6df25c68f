"""Time the reseller and staff pages on the data set in the database.

Meant to run after ``seed_demo --scale large``. Each case is requested
through Django's test client as the buyer of the busiest reseller, with the
whole middleware stack; beside it, a bare view renders a template to a
response of the same byte length through the same stack, so the ratio shows
what the page itself adds to Django's own cost. Timings never fail the
command: they are printed next to the targets.

To measure another page, add a ``Case`` to ``portal.benchmarks.cases.CASES``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from accounts.network.models import Organisation
from ordering.catalogue.models import Product
from ordering.orders.models import Order
from portal.benchmarks.cases import CASES, SEARCH_MAX_MS, Bench, bench_build
from portal.benchmarks.measure import TARGET_QUERIES, TARGET_RATIO, Result, measure


class Command(BaseCommand):
    help = "Time the orders, order, stock and checkout pages on the current data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs", type=int, default=30, help="Timed requests per case (30)."
        )
        parser.add_argument(
            "--only",
            default="",
            help="Only the cases whose name contains this text (e.g. Search).",
        )

    def handle(self, *args, runs: int = 30, only: str = "", **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        cases = [c for c in CASES if only.casefold() in c.name.casefold()]
        if not cases:
            raise CommandError(f"No case name contains {only!r}.")
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(
            ROOT_URLCONF="portal.benchmarks.measure", ALLOWED_HOSTS=hosts
        ):
            bench = bench_build(Client())
            self._header(bench, runs)
            results = []
            for case in cases:
                results.append(measure(bench, case, runs=runs))
                self._row(results[-1])
        self.stdout.write("")
        self.stdout.write(
            f"Targets: median ≤ {TARGET_RATIO:g}× the bare view, "
            f"≤ {TARGET_QUERIES} queries, searches ≤ {SEARCH_MAX_MS:g} ms. "
            f"{sum(r.on_target for r in results if not r.error)}/{len(results)} "
            "cases on target."
        )

    def _header(self, bench: Bench, runs: int) -> None:
        self.stdout.write(
            f"Data: {Order.objects.count():,} orders, "
            f"{Organisation.objects.count():,} resellers, "
            f"{Product.objects.count():,} products "
            f"({connection.vendor}, DEBUG={settings.DEBUG})."
        )
        self.stdout.write(
            f"As {bench.buyer_email} of {bench.organisation} "
            f"({bench.organisation.order_count:,} orders); order "
            f"{bench.order_number}; customer search “{bench.customer_query}”; "
            f"{runs} runs per case after 2 warm-up runs."
        )
        self.stdout.write("")
        self.stdout.write(
            f"{'case':<32} {'median ms':>9} {'p95 ms':>8} {'queries':>7} "
            f"{'bytes':>8} {'bare ms':>8} {'ratio':>6}  target"
        )

    def _row(self, result: Result) -> None:
        name = result.case.name
        if result.error:
            self.stdout.write(f"{name:<32} {self.style.ERROR(result.error)}")
            return
        verdict = (
            self.style.SUCCESS("ok") if result.on_target else self.style.WARNING("over")
        )
        self.stdout.write(
            f"{name:<32} {result.median:>9.1f} {result.p95:>8.1f} "
            f"{result.query_count:>7} {result.size:>8} {result.bare_median:>8.1f} "
            f"{result.ratio:>5.1f}×  {verdict}"
        )
