"""Time the reseller and staff pages on the data set in the database.

Meant to run after ``seed_demo --scale large``. Each case is requested
through Django's test client as the buyer of the busiest reseller, with the
whole middleware stack; beside it, a bare view renders a template to a
response of the same byte length through the same stack, so the ratio shows
what the page itself adds to Django's own cost. Timings never fail the
command: they are printed next to the targets.

To measure another page, add a ``Case`` to ``CASES``.
"""

import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from math import ceil

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse

from accounts.models import Installation, Organisation, OrganisationAddress, Role
from accounts.rights import staff_holding
from ordering.models import Order, Product, StockLevel, Warehouse
from pages.models import FaultCodePage, TechnicalSheetPage

TARGET_RATIO = 3.0
TARGET_QUERIES = 15
CHECKOUT_LINES = 20
SEARCH_MAX_MS = 30.0


# --- The bare view --------------------------------------------------------------


@cache
def _bare_template():
    return engines["django"].from_string(
        "{% for line in lines %}{{ line }}\n{% endfor %}"
    )


def bare_view(request: HttpRequest, size: int) -> HttpResponse:
    """Render a template to exactly ``size`` bytes: lines of 100 bytes."""
    lines = ["x" * 99] * (size // 100)
    if size % 100:
        lines.append("x" * (size % 100 - 1))
    return HttpResponse(_bare_template().render({"lines": lines}))


# The benchmark serves the site's URLs plus the bare view.
urlpatterns = [
    path("__benchmark__/bare/<int:size>/", bare_view, name="benchmark_bare"),
    path("", include(settings.ROOT_URLCONF)),
]


# --- What is measured --------------------------------------------------------------


@dataclass
class Bench:
    """The data set's busiest reseller, and what the cases ask for."""

    client: Client
    organisation: Organisation
    buyer_email: str
    order_number: str
    customer_query: str
    address_id: int
    checkout_products: list[int]
    main_warehouse: Warehouse
    # A manager, for the call center's and the network's pages.
    staff: Client
    customer_id: int
    serial_number: str


@dataclass
class Case:
    """One page to time.

    ``request`` makes the measured request; ``prepare`` runs before it and
    ``check`` after it, neither timed; ``check`` returns what went wrong, if
    anything. With ``rollback`` all three run in a transaction that is rolled
    back, so the data set is the same after the run.
    """

    name: str
    request: Callable[[Bench], HttpResponse]
    prepare: Callable[[Bench], None] | None = None
    check: Callable[[Bench, HttpResponse], str] | None = None
    rollback: bool = False
    expected_status: int = 200
    # A case may also have a time budget of its own (the search: 30 ms).
    max_ms: float | None = None


@cache
def _documentation_url(model) -> str:
    """A page of the demo documentation (the large set only adds volume)."""
    page = (
        model.objects.live().exclude(slug__startswith="bench-").order_by("pk").first()
    )
    if page is None:
        raise CommandError("No documentation: run seed_demo first.")
    return page.url


def _fill_cart(bench: Bench) -> None:
    """Restock the products, then add them to the cart as the buyer would."""
    StockLevel.objects.filter(
        product__in=bench.checkout_products, warehouse=bench.main_warehouse
    ).update(on_hand=F("reserved") + 10_000)
    for product_id in bench.checkout_products:
        response = bench.client.post(
            reverse("cart_add"), {"product": product_id, "quantity": 2}
        )
        if response.status_code != 302:
            raise CommandError(f"Adding to the cart answered {response.status_code}")


def _checkout(bench: Bench) -> HttpResponse:
    return bench.client.post(
        reverse("checkout"),
        {
            "submission_key": uuid.uuid4().hex,
            "payment_method": Order.PaymentMethod.ON_ACCOUNT,
            "address": bench.address_id,
            "purchase_order_reference": "BENCH-001",
            "end_customer_name": "Client Benchmark",
        },
    )


def _order_placed(bench: Bench, response: HttpResponse) -> str:
    order = Order.objects.filter(organisation=bench.organisation).latest("pk")
    if not response["Location"].endswith(f"/{order.number}/"):
        return f"redirected to {response['Location']}, not to the new order"
    if order.lines.count() != CHECKOUT_LINES:
        return f"the order has {order.lines.count()} lines"
    return ""


CASES: list[Case] = [
    Case("Orders, page 1", lambda b: b.client.get(reverse("orders"))),
    Case(
        "Orders, search by customer",
        lambda b: b.client.get(reverse("orders"), {"q": b.customer_query}),
    ),
    Case(
        "Order detail",
        lambda b: b.client.get(reverse("order_detail", args=[b.order_number])),
    ),
    Case(
        "Stock, search AquaPure",
        lambda b: b.client.get(reverse("stock"), {"q": "AquaPure"}),
    ),
    Case(
        f"Place an order of {CHECKOUT_LINES} lines",
        _checkout,
        prepare=_fill_cart,
        check=_order_placed,
        rollback=True,
        expected_status=302,
    ),
    Case("Reseller dashboard", lambda b: b.client.get(reverse("reseller_dashboard"))),
    Case("Manager dashboard", lambda b: b.staff.get(reverse("staff_dashboard"))),
    Case(
        "Customers, find by serial",
        lambda b: b.staff.get(reverse("customer_list"), {"q": b.serial_number}),
    ),
    Case(
        "Customer 360 page",
        lambda b: b.staff.get(reverse("customer_detail", args=[b.customer_id])),
    ),
    Case("Callback queue", lambda b: b.staff.get(reverse("callback_queue"))),
    Case(
        "Technical sheet page",
        lambda b: b.client.get(_documentation_url(TechnicalSheetPage)),
    ),
    Case(
        "Fault code page",
        lambda b: b.client.get(_documentation_url(FaultCodePage)),
    ),
    Case(
        "Search, symptom (fuite)",
        lambda b: b.client.get(reverse("search"), {"q": "fuite"}),
        max_ms=SEARCH_MAX_MS,
    ),
    Case(
        "Search, symptom, cold cache",
        lambda b: b.client.get(reverse("search"), {"q": "fuite"}),
        # Nothing kept from an earlier search, nor the site or the version.
        prepare=lambda b: django_cache.clear(),
        max_ms=SEARCH_MAX_MS,
    ),
    Case(
        "Search, two words",
        lambda b: b.client.get(reverse("search"), {"q": "pression adoucisseur"}),
        max_ms=SEARCH_MAX_MS,
    ),
    Case(
        "Search, fault code (all)",
        lambda b: b.client.get(reverse("search"), {"q": "e12", "all": "1"}),
        max_ms=SEARCH_MAX_MS,
    ),
]


# --- Measuring -------------------------------------------------------------------


@dataclass
class Result:
    case: Case
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    bare_times: list[float] = field(default_factory=list)
    size: int = 0
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[ceil(0.95 * len(ordered)) - 1]

    @property
    def bare_median(self) -> float:
        return statistics.median(self.bare_times)

    @property
    def ratio(self) -> float:
        return self.median / self.bare_median if self.bare_median else 0.0

    @property
    def query_count(self) -> int:
        return max(self.queries)

    @property
    def on_target(self) -> bool:
        if self.query_count > TARGET_QUERIES:
            return False
        # A case with a budget of its own (the search) is held to it instead.
        if self.case.max_ms is not None:
            return self.median <= self.case.max_ms
        return self.ratio <= TARGET_RATIO


@dataclass
class Sample:
    ms: float
    queries: int
    response: HttpResponse
    error: str = ""


def _timed(bench: Bench, case: Case) -> Sample:
    if case.rollback:
        with transaction.atomic():
            sample = _timed_request(bench, case)
            transaction.set_rollback(True)
        # Messages left in the cookie would change the next page's size.
        bench.client.cookies.pop("messages", None)
        return sample
    return _timed_request(bench, case)


def _timed_request(bench: Bench, case: Case) -> Sample:
    if case.prepare:
        case.prepare(bench)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = case.request(bench)
        elapsed = time.perf_counter() - started
    sample = Sample(elapsed * 1000, len(queries), response)
    if response.status_code != case.expected_status:
        sample.error = f"HTTP {response.status_code}, expected {case.expected_status}"
    elif case.check:
        sample.error = case.check(bench, response)
    return sample


def _bare(bench: Bench, size: int) -> float:
    url = reverse("benchmark_bare", args=[size])
    started = time.perf_counter()
    response = bench.client.get(url)
    elapsed = time.perf_counter() - started
    if len(response.content) != size:
        raise CommandError(f"The bare view answered {len(response.content)} bytes")
    return elapsed * 1000


def measure(bench: Bench, case: Case, *, runs: int, warmup: int = 2) -> Result:
    """Alternate the page and its bare twin, so both see the same machine."""
    result = Result(case)
    for run in range(warmup + runs):
        sample = _timed(bench, case)
        if sample.error:
            result.error = sample.error
            return result
        result.size = len(sample.response.content)
        bare = _bare(bench, result.size)
        if run >= warmup:
            result.times.append(sample.ms)
            result.queries.append(sample.queries)
            result.bare_times.append(bare)
    return result


# --- The data set ------------------------------------------------------------------


def _bench(client: Client) -> Bench:
    organisation = (
        Organisation.objects.filter(
            status=Organisation.Status.ACTIVE,
            may_order_on_account=True,
            memberships__role__in=[Role.BUYER, Role.OWNER],
        )
        .annotate(order_count=Count("orders", distinct=True))
        .order_by("-order_count", "pk")
        .first()
    )
    if organisation is None or not organisation.order_count:
        raise CommandError(
            "No reseller with orders: run `manage.py seed_demo --scale large` first."
        )
    membership = (
        organisation.memberships.filter(role__in=[Role.BUYER, Role.OWNER])
        .select_related("user")
        .order_by("role", "pk")  # a buyer if there is one, else an owner
        .first()
    )
    orders = Order.objects.filter(organisation=organisation)
    recent = orders.filter(shipments__isnull=False).order_by("-placed_at")[:200]
    detail = (
        Order.objects.filter(pk__in=recent.values("pk"))
        .annotate(line_count=Count("lines"))
        .order_by("-line_count", "-placed_at")
        .first()
    )
    named = orders.exclude(end_customer_name="").order_by("-placed_at").first()
    address = (
        organisation.addresses.filter(kind=OrganisationAddress.Kind.DELIVERY).first()
        or organisation.addresses.first()
    )
    products = list(
        Product.objects.filter(is_active=True)
        .exclude(kind=Product.Kind.APPLIANCE)
        .filter(~Q(stock_levels=None))
        .order_by("pk")
        .values_list("pk", flat=True)[:CHECKOUT_LINES]
    )
    if detail is None or named is None or address is None:
        raise CommandError(f"{organisation} lacks shipped orders or an address.")
    manager = (
        staff_holding("dashboard.view_network")
        .filter(is_superuser=False)
        .order_by("pk")
        .first()
    )
    # The customer with the most history: installations and orders.
    installation = (
        Installation.objects.filter(status=Installation.Status.SUBMITTED)
        .annotate(orders=Count("customer__orders"))
        .order_by("-orders", "pk")
        .first()
    )
    if manager is None or installation is None:
        raise CommandError("No manager or no installation: run seed_demo first.")
    staff = Client()
    staff.force_login(manager)
    client.force_login(membership.user)
    return Bench(
        client=client,
        organisation=organisation,
        buyer_email=membership.user.email,
        order_number=detail.number,
        customer_query=named.end_customer_name.split()[-1],
        address_id=address.pk,
        checkout_products=products,
        main_warehouse=Warehouse.objects.order_by("priority", "pk").first(),
        staff=staff,
        customer_id=installation.customer_id,
        serial_number=installation.serial_number,
    )


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
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=hosts):
            bench = _bench(Client())
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
