"""Time the reseller and staff pages on the data set in the database.

Meant to run after ``seed_demo --scale large``. Each case is requested
through Django's test client as the buyer of the busiest reseller, with the
whole middleware stack; beside it, a bare view renders a template to a
response of the same byte length through the same stack, so the ratio shows
what the page itself adds to Django's own cost. Timings never fail the
command: they are printed next to the targets, and written as a Markdown
table to ``bench/results/``.

To measure another page, add a ``Case`` to ``portal.benchmarks.cases.CASES``.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from accounts.network.models import Organisation
from ordering.catalogue.models import Product
from ordering.orders.models import Order
from portal.benchmarks.bench import Bench, bench_build, tokens_delete
from portal.benchmarks.cases import CASES
from portal.benchmarks.measure import Result, measure
from portal.benchmarks.render import (
    RENDER_CASES,
    RENDER_COLUMNS,
    TARGET_RENDER_RATIO,
    render_cost,
)
from portal.benchmarks.report import (
    COLUMNS,
    Report,
    cells,
    default_path,
    load_average,
    verdict,
)
from portal.benchmarks.startup import worker_startup


class Command(BaseCommand):
    help = "Time the portal's pages on the current data; write the table."

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs", type=int, default=30, help="Timed requests per case (30)."
        )
        parser.add_argument(
            "--only",
            default="",
            help="Only the cases whose name contains this text (e.g. Search).",
        )
        parser.add_argument(
            "--output",
            default="",
            help="Where to write the Markdown table "
            "(default: bench/results/<date>-<database>.md).",
        )
        parser.add_argument(
            "--no-write", action="store_true", help="Print the table only."
        )
        parser.add_argument(
            "--render",
            action="store_true",
            help="Also time the heaviest templates against a bare loop.",
        )
        parser.add_argument(
            "--no-startup",
            action="store_true",
            help="Skip timing a fresh worker's start-up and first request.",
        )

    def handle(self, *args, runs: int = 30, only: str = "", **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        cases = [c for c in CASES if only.casefold() in c.name.casefold()]
        if not cases:
            raise CommandError(f"No case name contains {only!r}.")
        report = Report(vendor=connection.vendor, header=[], load_start=load_average())
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(
            ROOT_URLCONF="portal.benchmarks.measure",
            ALLOWED_HOSTS=hosts,
            # Every case's API calls share one token: never throttled here.
            PORTAL_API_RATE="1000000/m",
        ):
            bench = bench_build(Client())
            try:
                self._run(bench, report, cases, runs, options)
            finally:
                tokens_delete(bench.buyer)
        if not options["no_startup"]:
            startup = worker_startup(user_id=bench.buyer.pk, path=reverse("orders"))
            self.stdout.write(startup.line())
            report.sections.append(("Worker start-up", [startup.line()]))
        report.load_end = load_average()
        self.stdout.write(f"Load average: {report.load_start} → {report.load_end}.")
        if not options["no_write"]:
            path = Path(options["output"] or default_path(report.vendor))
            self.stdout.write(f"Table written to {report.write(path)}.")

    def _run(self, bench: Bench, report: Report, cases, runs: int, options) -> None:
        report.header = self._header(bench, runs)
        for line in report.header:
            self.stdout.write(line)
        self.stdout.write(f"Load average (1, 5, 15 min): {report.load_start}.")
        self.stdout.write("")
        self.stdout.write(
            f"{COLUMNS[0]:<32} {COLUMNS[1]:>9} {COLUMNS[2]:>8} {COLUMNS[3]:>7} "
            f"{COLUMNS[4]:>8} {COLUMNS[5]:>8} {COLUMNS[6]:>6}  target"
        )
        for case in cases:
            report.results.append(measure(bench, case, runs=runs))
            self._row(report.results[-1])
        self.stdout.write("")
        self.stdout.write(report.targets())
        if options["render"]:
            report.sections.append(("Template rendering", self._render(bench, runs)))

    def _header(self, bench: Bench, runs: int) -> list[str]:
        return [
            f"Data: {Order.objects.count():,} orders, "
            f"{Organisation.objects.count():,} resellers, "
            f"{Product.objects.count():,} products "
            f"(database: {connection.vendor}, DEBUG={settings.DEBUG}).",
            f"As {bench.buyer_email} of {bench.organisation} "
            f"({bench.organisation.order_count:,} orders); order "
            f"{bench.order_number}; customer search “{bench.customer_query}”; "
            f"{runs} runs per case after 2 warm-up runs.",
        ]

    def _row(self, result: Result) -> None:
        row = cells(result)
        if result.error:
            self.stdout.write(f"{row[0]:<32} {self.style.ERROR(row[1])}")
            return
        style = self.style.SUCCESS if result.on_target else self.style.WARNING
        self.stdout.write(
            f"{row[0]:<32} {row[1]:>9} {row[2]:>8} {row[3]:>7} {row[4]:>8} "
            f"{row[5]:>8} {row[6]:>6}  {style(verdict(result))}"
        )

    def _render(self, bench: Bench, runs: int) -> list[str]:
        """Print the render table; return it as Markdown."""
        title = f"Rendering (target ≤ {TARGET_RENDER_RATIO:g}× a bare loop)"
        self.stdout.write("")
        self.stdout.write(title)
        markdown = [
            title + ":",
            "",
            "| " + " | ".join(RENDER_COLUMNS) + " |",
            "|---|" + "---:|" * (len(RENDER_COLUMNS) - 2) + "---|",
        ]
        for case in RENDER_CASES:
            try:
                row = render_cost(bench, case, runs=runs).cells()
            except CommandError as error:
                row = [case.name, str(error)]
            self.stdout.write(f"{row[0]:<32} " + " ".join(f"{c:>8}" for c in row[1:]))
            markdown.append("| " + " | ".join(row) + " |")
        return markdown
