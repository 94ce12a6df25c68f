"""What a page's rows cost to print: the template that prints them (a table, a
chart), rendered with its view's real context, beside a bare template looping
over the same rows and printing the same values, with no tag, filter, link or
translation. The whole page's template is timed too, for scale: its layout
(header, menus, forms) costs the same whatever the rows."""

import dataclasses
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management.base import CommandError
from django.core.paginator import Page
from django.db import connection
from django.template import Template, engines, loader
from django.test.utils import CaptureQueriesContext, instrumented_test_render
from django.urls import reverse

from portal.benchmarks.bench import Bench

TARGET_RENDER_RATIO = 2.0


def _page_rows(key: str) -> Callable[[dict], list]:
    def rows(context: dict) -> list:
        value = context[key]
        return list(value.object_list if isinstance(value, Page) else value)

    return rows


def _every_list(key: str) -> Callable[[dict], list]:
    """The rows of every list a dashboard object holds (its tables and charts)."""

    def rows(context: dict) -> list:
        found = []
        for value in context.values():
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                value = vars(value)
            if isinstance(value, dict):
                found += [
                    row
                    for item in value.values()
                    if isinstance(item, list | tuple)
                    for row in item
                ]
        return found

    return rows


@dataclass
class RenderCase:
    name: str
    request: Callable[[Bench], object]
    rows: Callable[[dict], list]
    # The template that prints the rows, and what it prints of each row.
    table: str
    cells: tuple[str, ...]
    # The table's context, from the page's (default: the page's own).
    context: Callable[[dict], dict] = dict


def _chart(key: str) -> Callable[[dict], dict]:
    return lambda context: {"chart": context[key]}


RENDER_CASES = [
    RenderCase(
        "Stock table (AquaPure)",
        lambda b: b.client.get(reverse("stock"), {"q": "AquaPure"}),
        _page_rows("rows"),
        "ordering/includes/stock_table.html",
        (
            "product.name",
            "product.reference",
            "product.get_kind_display",
            "state",
            "product.available",
            "per_warehouse",
            "price",
        ),
    ),
    RenderCase(
        "Orders list",
        lambda b: b.client.get(reverse("orders")),
        _page_rows("page"),
        "ordering/includes/orders_table.html",
        (
            "number",
            "placed_at",
            "end_customer_name",
            "purchase_order_reference",
            "get_status_display",
            "total_excl_vat",
        ),
    ),
    RenderCase(
        "Installations list",
        lambda b: b.client.get(reverse("installations")),
        _page_rows("page"),
        "customers/includes/installations_table.html",
        (
            "customer.full_name",
            "customer.postcode",
            "customer.city",
            "appliance.name",
            "serial_number",
            "installed_on",
        ),
    ),
    RenderCase(
        "Reseller dashboard (orders chart)",
        lambda b: b.client.get(reverse("reseller_dashboard")),
        lambda context: context["orders_chart"].columns,
        "portal/includes/chart_columns.html",
        ("tooltip", "slot_x", "slot_width", "x", "width", "segments", "label"),
        _chart("orders_chart"),
    ),
    RenderCase(
        "Manager dashboard (top resellers)",
        lambda b: b.staff.get(reverse("staff_dashboard")),
        lambda context: context["dashboard"].resellers,
        "portal/includes/top_resellers.html",
        ("organisation.slug", "organisation.name", "bought", "credited", "total"),
        lambda context: {"rows": context["dashboard"].resellers},
    ),
]


def bare_loop(cells: tuple[str, ...]) -> str:
    """A table printing the cells of each row as they are."""
    printed = "".join(f"<td>{{{{ row.{cell} }}}}</td>" for cell in cells)
    return f"{{% for row in rows %}}<tr>{printed}</tr>\n{{% endfor %}}"


@dataclass
class RenderResult:
    name: str
    rows: int = 0
    page_ms: float = 0.0
    table_ms: float = 0.0
    bare_ms: float = 0.0
    queries: int = 0
    error: str = ""

    @property
    def ratio(self) -> float:
        return self.table_ms / self.bare_ms if self.bare_ms else 0.0

    def cells(self) -> list[str]:
        if self.error:
            return [self.name, self.error]
        verdict = "ok" if self.ratio <= TARGET_RENDER_RATIO else "over"
        return [
            self.name,
            str(self.rows),
            f"{self.page_ms:.2f}",
            f"{self.table_ms:.2f}",
            f"{self.bare_ms:.2f}",
            f"{self.ratio:.1f}×",
            str(self.queries),
            verdict,
        ]


RENDER_COLUMNS = (
    "rows of",
    "rows",
    "page ms",
    "rows ms",
    "bare ms",
    "ratio",
    "queries",
    "",
)


@contextmanager
def _templates_recorded() -> Iterator[None]:
    """Make the test client keep each response's templates and context, as
    ``setup_test_environment`` does (unless the tests already did)."""
    if Template._render is instrumented_test_render:
        yield
        return
    original, Template._render = Template._render, instrumented_test_render
    try:
        yield
    finally:
        Template._render = original


def _median_ms(render: Callable[[], str], runs: int) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        render()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def render_cost(bench: Bench, case: RenderCase, *, runs: int) -> RenderResult:
    """Render the template printing the rows again with the context its view
    built (querysets already evaluated), and the bare loop over the same rows
    printing the same cells; the whole page's template for scale."""
    result = RenderResult(case.name)
    # The page once before: what its first view makes and keeps (the
    # thumbnails' renditions) is then in the context, as on every later view.
    case.request(bench)
    with _templates_recorded():
        response = case.request(bench)
    if response.status_code != 200 or not response.templates:
        result.error = f"HTTP {response.status_code}, no template"
        return result
    context = response.context[0].flatten()
    request = response.wsgi_request
    try:
        rows = case.rows(context)
        table_context = case.context(context)
    except KeyError as error:
        raise CommandError(f"{case.name}: no {error} in the context") from error
    page = loader.get_template(response.templates[0].name)
    table = loader.get_template(case.table)
    bare = engines["django"].from_string(bare_loop(case.cells))
    with CaptureQueriesContext(connection) as queries:
        page.render(context, request)
    result.rows, result.queries = len(rows), len(queries)
    result.page_ms = _median_ms(lambda: page.render(context, request), runs)
    result.table_ms = _median_ms(lambda: table.render(table_context, request), runs)
    result.bare_ms = _median_ms(lambda: bare.render({"rows": rows}, request), runs)
    return result
