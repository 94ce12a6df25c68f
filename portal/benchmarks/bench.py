"""What is measured: the busiest reseller of the data set and each page to time."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.core.cache import cache as django_cache
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from accounts.customers.models import Installation
from accounts.network.models import Organisation, OrganisationAddress, Role
from accounts.network.rights import staff_holding
from ordering.catalogue.models import Product
from ordering.orders.models import Order
from ordering.stock.models import StockLevel, Warehouse
from pages.models import FaultCodePage, TechnicalSheetPage

CHECKOUT_LINES = 20
SEARCH_MAX_MS = 30.0


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


def bench_build(client: Client) -> Bench:
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
