"""Who the benchmark is and what it asks for: the data set's busiest reseller."""

from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.test import Client
from wagtail.images.shortcuts import get_rendition_or_not_found

from accounts.customers.models import Installation
from accounts.network.models import (
    ApiToken,
    Organisation,
    OrganisationAddress,
    Role,
    User,
)
from accounts.network.rights import staff_holding
from accounts.network.services import ApiTokenError, api_token_create
from ordering.catalogue.models import Product
from ordering.catalogue.selectors import THUMBNAIL_SPEC, prefetch_thumbnails
from ordering.orders.models import Order, OrderLine
from ordering.stock.models import Warehouse

CHECKOUT_LINES = 20
# The name of the API token made for the run, deleted at its end.
TOKEN_NAME = "manage.py benchmark"  # noqa: S105 - a label, not a secret


@dataclass
class Bench:
    """The data set's busiest reseller, and what the cases ask for.

    A field left empty (``None`` or ``""``) is data the set lacks: the cases
    that need it report an error line instead of a timing.
    """

    client: Client
    organisation: Organisation
    buyer: User
    order_number: str
    customer_query: str
    address_id: int
    checkout_products: list[int]
    main_warehouse: Warehouse
    # A manager, for the call center's and the network's pages.
    staff: Client
    customer_id: int
    serial_number: str
    # The buyer's API token (the API takes no session), its secret.
    api_secret: str = ""
    # The API's caller: an integration holds a token, never a browser's
    # session cookie (with one, every call read the session and its user).
    integration: Client = field(default_factory=Client)
    product_reference: str = ""
    # One of the reseller's own installations, and its customer's last name.
    installation_id: int | None = None
    installation_query: str = ""
    # A customer's last name, for the manager's customer search.
    customer_name: str = ""

    @property
    def buyer_email(self) -> str:
        return self.buyer.email

    @property
    def api_headers(self) -> dict[str, str]:
        if not self.api_secret:
            raise CommandError(f"{self.buyer_email} may not use the API.")
        return {"Authorization": f"Bearer {self.api_secret}"}


def need(value, what: str):
    """``value``, or a clear error when the data set lacks it."""
    if value in (None, ""):
        raise CommandError(f"No {what} in this data set.")
    return value


def busiest_reseller() -> Organisation:
    """The active reseller with the most orders that a buyer or owner can use."""
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
    return organisation


def _api_secret(user: User) -> str:
    """A fresh token for the run; earlier runs' tokens are deleted first."""
    tokens_delete(user)
    try:
        return api_token_create(user=user, name=TOKEN_NAME)[1]
    except ApiTokenError:  # the API cases say that they cannot run
        return ""


def tokens_delete(user: User) -> None:
    """Leave no benchmark token behind (they count towards the user's 20)."""
    ApiToken.objects.filter(user=user, name=TOKEN_NAME).delete()


def _installation(organisation: Organisation) -> Installation | None:
    return (
        Installation.objects.filter(
            organisation=organisation, status=Installation.Status.SUBMITTED
        )
        .select_related("customer")
        .order_by("-pk")
        .first()
    )


def _thumbnails_drawn(product_ids: list[int]) -> None:
    """Draw the cart's thumbnails once, as their first view on a live site
    does: the cart and checkout cases run in a transaction rolled back after
    each run, which would otherwise throw each drawing away and time it
    again (two queries and a resize per line)."""
    products = list(Product.objects.filter(pk__in=product_ids, image__isnull=False))
    prefetch_thumbnails(products)
    for product in products:
        get_rendition_or_not_found(product.image, THUMBNAIL_SPEC)


def bench_build(client: Client) -> Bench:
    organisation = busiest_reseller()
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
    _thumbnails_drawn(products)
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
        .select_related("customer")
        .first()
    )
    if manager is None or installation is None:
        raise CommandError("No manager or no installation: run seed_demo first.")
    own = _installation(organisation)
    line = OrderLine.objects.filter(order__in=recent.values("pk")).first()
    staff = Client()
    staff.force_login(manager)
    client.force_login(membership.user)
    return Bench(
        client=client,
        organisation=organisation,
        buyer=membership.user,
        order_number=detail.number,
        customer_query=named.end_customer_name.split()[-1],
        address_id=address.pk,
        checkout_products=products,
        main_warehouse=Warehouse.objects.order_by("priority", "pk").first(),
        staff=staff,
        customer_id=installation.customer_id,
        serial_number=installation.serial_number,
        api_secret=_api_secret(membership.user),
        product_reference=line.product_reference if line else "",
        installation_id=own.pk if own else None,
        installation_query=own.customer.last_name if own else "",
        customer_name=installation.customer.last_name,
    )
