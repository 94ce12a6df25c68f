"""What is measured: each page to time, as the busiest reseller or a manager."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.core.cache import cache as django_cache
from django.core.management.base import CommandError
from django.db.models import F
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from ordering.catalogue.models import Product
from ordering.orders import services
from ordering.orders.models import Order
from ordering.stock.models import StockLevel
from pages.models import FaultCodePage, TechnicalSheetPage
from portal.benchmarks.bench import CHECKOUT_LINES, Bench, need

SEARCH_MAX_MS = 30.0


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
    # An API call: made, and its bare twin too, by ``Bench.integration``.
    api: bool = False


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
    """Restock the products, then put them in the buyer's cart (2 of each)."""
    StockLevel.objects.filter(
        product__in=bench.checkout_products, warehouse=bench.main_warehouse
    ).update(on_hand=F("reserved") + 10_000)
    for product in Product.objects.filter(pk__in=bench.checkout_products):
        services.cart_add(user=bench.buyer, product=product, quantity=2)


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


def _cart_full(bench: Bench, response: HttpResponse) -> str:
    lines = response.content.count(b'name="product"')
    if len(bench.checkout_products) < CHECKOUT_LINES:
        return f"only {len(bench.checkout_products)} products in stock"
    return "" if lines >= CHECKOUT_LINES else f"the cart shows {lines} lines"


# --- The dashboards' periods (the ``start`` and ``end`` parameters) ----------------

PERIODS = {"month": 0, "90 d": 90, "1 year": 365, "2 years": 730}


def _period(days: int) -> dict[str, str]:
    """The last ``days`` days to today; none: the month so far (the default)."""
    if not days:
        return {}
    today = timezone.localdate()
    return {"start": (today - timedelta(days=days - 1)).isoformat()}


def _dashboard(url_name: str, staff: bool, days: int):
    def request(bench: Bench) -> HttpResponse:
        client = bench.staff if staff else bench.client
        return client.get(reverse(url_name), _period(days))

    return request


def _dashboards() -> list["Case"]:
    return [
        Case(f"{who} dashboard, {label}", _dashboard(url_name, staff, days))
        for who, url_name, staff in (
            ("Reseller", "reseller_dashboard", False),
            ("Manager", "staff_dashboard", True),
        )
        for label, days in PERIODS.items()
    ]


def _api(url_name: str):
    def request(bench: Bench) -> HttpResponse:
        return bench.integration.get(reverse(url_name), headers=bench.api_headers)

    return request


CASES: list[Case] = [
    Case("Orders, page 1", lambda b: b.client.get(reverse("orders"))),
    Case(
        "Orders, search by customer",
        lambda b: b.client.get(reverse("orders"), {"q": b.customer_query}),
    ),
    Case(
        "Orders, search by product",
        lambda b: b.client.get(
            reverse("orders"), {"q": need(b.product_reference, "ordered product")}
        ),
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
        f"Cart of {CHECKOUT_LINES} lines",
        lambda b: b.client.get(reverse("cart")),
        prepare=_fill_cart,
        check=_cart_full,
        rollback=True,
    ),
    Case(
        f"Place an order of {CHECKOUT_LINES} lines",
        _checkout,
        prepare=_fill_cart,
        check=_order_placed,
        rollback=True,
        expected_status=302,
    ),
    Case("Commission statements", lambda b: b.client.get(reverse("statements"))),
    Case(
        "Statement of account",
        lambda b: b.client.get(reverse("statement_of_account")),
    ),
    Case("Installations, page 1", lambda b: b.client.get(reverse("installations"))),
    Case(
        "Installations, by customer",
        lambda b: b.client.get(
            reverse("installations"),
            {"q": need(b.installation_query, "installation of the reseller")},
        ),
    ),
    Case(
        "Installation page",
        lambda b: b.client.get(
            reverse(
                "installation_detail",
                args=[need(b.installation_id, "installation of the reseller")],
            )
        ),
    ),
    Case("API, orders", _api("api:order_list"), api=True),
    Case("API, products", _api("api:product_list"), api=True),
    Case("API, installations", _api("api:installation_list"), api=True),
    *_dashboards(),
    Case(
        "Customers, find by serial",
        lambda b: b.staff.get(reverse("customer_list"), {"q": b.serial_number}),
    ),
    Case(
        "Customers, find by name",
        lambda b: b.staff.get(
            reverse("customer_list"), {"q": need(b.customer_name, "customer name")}
        ),
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
