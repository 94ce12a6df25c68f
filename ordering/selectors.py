"""Reads shared by the ordering views, the services and the admin.

Every order a non-staff user sees comes from ``orders_visible_to(user)``;
prices always come from ``quote()`` so the cart, the order and the stock tab
agree to the cent.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.network.models import Organisation, User
from accounts.network.rights import active_organisation_of, may
from ordering.catalogue.models import Compatibility, PriceListEntry, Product
from ordering.orders.models import Cart, CartLine, Order, OrderEvent, OrderLine
from ordering.shipping.models import Shipment, ShipmentLine, TrackingEvent
from ordering.stock.models import StockLevel, Warehouse
from portal.folding import folded_words_in
from portal.money import money


def ordering_organisation_of(user: User | AnonymousUser) -> Organisation | None:
    """The active organisation a reseller orders for, if their role may order."""
    if not may(user, "orders.view_own"):
        return None
    return active_organisation_of(user)


def order_organisation(
    user: User | AnonymousUser, *, cart: Cart | None = None
) -> Organisation | None:
    """Whom the user orders for, and so whose prices apply: a reseller's own
    organisation; for the call center, the customer chosen on their cart
    (None: an end customer)."""
    if may(user, "orders.place_for_customers"):
        cart = cart or cart_of(user)
        return cart.organisation if cart else None
    return ordering_organisation_of(user)


def can_order(user: User | AnonymousUser) -> bool:
    """Owners and buyers of an active reseller, and the call center."""
    return may(user, "orders.place")


def can_see_stock(user: User | AnonymousUser) -> bool:
    """Who orders checks availability: owners, buyers and the call center."""
    return may(user, "stock.view")


def orders_visible_to(user: User | AnonymousUser) -> QuerySet[Order]:
    """Every order for the call center and managers; their organisation's
    for owners and buyers."""
    if may(user, "orders.view_network"):
        return Order.objects.all()
    organisation = ordering_organisation_of(user)
    if organisation is None:
        return Order.objects.none()
    return Order.objects.filter(organisation=organisation)


def order_search(
    orders: QuerySet[Order],
    *,
    query: str = "",
    status: str = "",
    placed_from: date | None = None,
    placed_to: date | None = None,
) -> QuerySet[Order]:
    """Filter orders by status and date, and find them by number, end
    customer, purchase-order reference, product reference or tracking number.

    Every word typed must be in the end customer's name, in any order, case
    and accents aside ("chevalier gerard" finds Gérard Chevalier). Lines and
    shipments are searched with ``EXISTS`` so an order matching twice is
    listed once and the page count stays one query.
    """
    if status:
        orders = orders.filter(status=status)
    if placed_from:
        orders = orders.filter(placed_at__date__gte=placed_from)
    if placed_to:
        orders = orders.filter(placed_at__date__lte=placed_to)
    query = query.strip()
    if query:
        compact = query.replace(" ", "")
        # Exact matches on indexed columns, each run once (not per order).
        exact = {compact, compact.upper()}
        number = Q(number__in=exact)
        if compact.isdigit():  # "123" finds OXY-2026-000123
            number |= Q(number__endswith="-" + compact.zfill(6))
        orders = orders.filter(
            number
            | folded_words_in("end_customer_folded", query)
            | Q(purchase_order_reference__iexact=query)
            | Q(
                pk__in=OrderLine.objects.filter(product_reference__in=exact).values(
                    "order_id"
                )
            )
            | Q(
                pk__in=Shipment.objects.filter(tracking_number__in=exact).values(
                    "order_id"
                )
            )
        )
    return orders


def order_detail(orders: QuerySet[Order]) -> QuerySet[Order]:
    """What the order page shows, fetched in a fixed number of queries."""
    return orders.select_related(
        "organisation", "placed_by", "credited_organisation"
    ).prefetch_related(
        # By id: the default ordering (order, id) would join the orders back.
        Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
        Prefetch(
            "events",
            queryset=OrderEvent.objects.select_related("actor"),
            to_attr="timeline",
        ),
        Prefetch(
            "shipments",
            queryset=Shipment.objects.select_related("carrier").prefetch_related(
                Prefetch(
                    "lines", queryset=ShipmentLine.objects.select_related("order_line")
                ),
                "tracking_events",
            ),
        ),
    )


def shipments_visible_to(user: User | AnonymousUser) -> QuerySet[Shipment]:
    """The shipments of the orders the user may see."""
    return Shipment.objects.filter(order__in=orders_visible_to(user))


def shipments_in_tracking_status(
    shipments: QuerySet[Shipment], status: str
) -> QuerySet[Shipment]:
    """The shipments whose latest tracking event (by time) has this status, or,
    without events, whose own status is it (see ``Shipment.tracking_status``)."""
    latest = (
        TrackingEvent.objects.filter(shipment=OuterRef("pk"))
        .order_by("-occurred_at", "-id")
        .values("status")[:1]
    )
    return shipments.alias(
        tracking_status_now=Coalesce(Subquery(latest), F("status"))
    ).filter(tracking_status_now=status)


# --- Prices -------------------------------------------------------------------


def unit_prices(
    *,
    organisation: Organisation | None,
    products: Iterable[Product],
    list_prices: Mapping[int, Decimal] | None = None,
) -> dict[int, Decimal]:
    """Each product's price for this organisation, excluding VAT.

    A specific price on the organisation's price list wins; otherwise the
    list's discount applies to the catalogue price; no list, catalogue price.
    ``list_prices`` are the list's specific prices for these products when
    the caller has them already (see ``cart_lines_of``).
    """
    products = list(products)
    price_list = organisation.price_list if organisation else None
    if price_list is None:
        return {p.pk: p.unit_price for p in products}
    if list_prices is not None:
        specific = dict(list_prices)
    else:
        specific = dict(
            PriceListEntry.objects.filter(
                price_list=price_list, product__in=[p.pk for p in products]
            ).values_list("product_id", "unit_price")
        )
    factor = (Decimal(100) - price_list.discount_percent) / Decimal(100)
    return {p.pk: specific.get(p.pk, money(p.unit_price * factor)) for p in products}


@dataclass
class QuoteLine:
    product: Product
    quantity: int
    unit_price: Decimal
    available: int | None = None

    @property
    def total_excl_vat(self) -> Decimal:
        return money(self.unit_price * self.quantity)

    @property
    def short_by(self) -> int:
        if self.available is None:
            return 0
        return max(self.quantity - self.available, 0)


@dataclass
class Quote:
    """Lines priced for an organisation, with VAT worked out per rate."""

    lines: list[QuoteLine]
    currency: str = "EUR"
    vat_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)

    @property
    def total_excl_vat(self) -> Decimal:
        return sum((line.total_excl_vat for line in self.lines), Decimal("0.00"))

    @property
    def total_vat(self) -> Decimal:
        return sum(self.vat_by_rate.values(), Decimal("0.00"))

    @property
    def total_incl_vat(self) -> Decimal:
        return self.total_excl_vat + self.total_vat

    @property
    def has_shortage(self) -> bool:
        return any(line.short_by for line in self.lines)


def vat_by_rate(amounts: Iterable[tuple[Decimal, Decimal]]) -> dict[Decimal, Decimal]:
    """VAT per rate from (rate, amount excl. VAT) pairs, rounded once per rate,
    as on the invoice."""
    bases: dict[Decimal, Decimal] = defaultdict(Decimal)
    for rate, amount in amounts:
        bases[rate] += amount
    return {rate: money(base * rate / 100) for rate, base in sorted(bases.items())}


def quote(
    *,
    organisation: Organisation | None,
    items: Iterable[tuple[Product, int]],
    list_prices: Mapping[int, Decimal] | None = None,
) -> Quote:
    """Price the items; VAT is rounded once per rate, as on the invoice."""
    items = list(items)
    prices = unit_prices(
        organisation=organisation,
        products=[p for p, _ in items],
        list_prices=list_prices,
    )
    lines = [QuoteLine(p, quantity, prices[p.pk]) for p, quantity in items]
    vat = vat_by_rate((line.product.vat_rate, line.total_excl_vat) for line in lines)
    return Quote(lines=lines, vat_by_rate=vat)


# --- Stock --------------------------------------------------------------------


class Availability:
    IN_STOCK = "in_stock"
    LOW = "low"
    OUT = "out"


def with_availability(products: QuerySet[Product]) -> QuerySet[Product]:
    """Annotate each product with ``available``: units on hand, not reserved."""
    return products.annotate(
        available=Coalesce(
            Sum(F("stock_levels__on_hand") - F("stock_levels__reserved")),
            Value(0),
            output_field=IntegerField(),
        )
    )


def availability_of(product: Product) -> str:
    """In stock, low or out, from an annotated ``available``."""
    if product.available <= 0:
        return Availability.OUT
    if product.available <= product.low_stock_threshold:
        return Availability.LOW
    return Availability.IN_STOCK


def stock_search(
    *, query: str = "", kind: str = "", availability: str = ""
) -> QuerySet[Product]:
    """Active products found by reference, name, or an appliance they fit.

    "AquaPure 300" lists the appliance and every consumable and spare part of
    the compatibility table that fits it. The words of a name are found in
    any order, case and accents aside ("prefiltre" finds "Préfiltre").
    """
    products = Product.objects.filter(is_active=True)
    query = query.strip()
    if query:
        by_name = folded_words_in("name_folded", query)
        appliances = Product.objects.filter(
            by_name | Q(reference__iexact=query), kind=Product.Kind.APPLIANCE
        )
        fits = Compatibility.objects.filter(appliance__in=appliances).values("part_id")
        products = products.filter(
            Q(reference__icontains=query) | by_name | Q(pk__in=fits)
        )
    if kind:
        products = products.filter(kind=kind)
    if not availability:
        # The page works the availability out from the rows it shows; counting
        # needs no aggregate over every stock level.
        return products.order_by("kind", "reference")
    products = with_availability(products)
    if availability == Availability.OUT:
        products = products.filter(available__lte=0)
    elif availability == Availability.LOW:
        products = products.filter(
            available__gt=0, available__lte=F("low_stock_threshold")
        )
    elif availability == Availability.IN_STOCK:
        products = products.filter(available__gt=0)
    return products.order_by("kind", "reference")


def stock_by_warehouse(
    products: Iterable[Product],
) -> tuple[list[Warehouse], dict[int, dict[int, StockLevel]]]:
    """The warehouses, and each product's stock level per warehouse."""
    warehouses = list(Warehouse.objects.all())
    levels: dict[int, dict[int, StockLevel]] = defaultdict(dict)
    for level in StockLevel.objects.filter(product__in=[p.pk for p in products]):
        levels[level.product_id][level.warehouse_id] = level
    return warehouses, levels


def next_restock(levels: Iterable[StockLevel]) -> date | None:
    dates = [level.restock_date for level in levels if level.restock_date]
    return min(dates) if dates else None


def available_quantities(product_ids: Iterable[int]) -> dict[int, int]:
    """Units available now per product, over every warehouse."""
    rows = (
        StockLevel.objects.filter(product__in=list(product_ids))
        .values("product_id")
        .annotate(available=Sum(F("on_hand") - F("reserved")))
    )
    return {row["product_id"]: row["available"] for row in rows}


# --- Cart ---------------------------------------------------------------------


def cart_of(user: User) -> Cart | None:
    return (
        Cart.objects.select_related("organisation__price_list")
        .filter(user=user)
        .first()
    )


def cart_lines_of(user: User) -> list[CartLine]:
    """The user's cart lines with their product, cart, cart organisation and
    its price list, each with ``list_price``: the product's own price on that
    price list, or None. One query, for checkout."""
    own_price = PriceListEntry.objects.filter(
        price_list=OuterRef("cart__organisation__price_list"),
        product=OuterRef("product"),
    ).values("unit_price")
    return list(
        CartLine.objects.filter(cart__user=user)
        .select_related("product", "cart__organisation__price_list")
        .annotate(list_price=Subquery(own_price[:1]))
    )


def cart_quote(cart: Cart | None) -> Quote:
    """The cart priced for its organisation, with what is available now."""
    if cart is None:
        return Quote(lines=[])
    lines = list(cart.lines.select_related("product"))
    result = quote(
        organisation=cart.organisation,
        items=[(line.product, line.quantity) for line in lines],
    )
    available = available_quantities(line.product_id for line in lines)
    for line in result.lines:
        line.available = available.get(line.product.pk, 0)
    return result


def compatible_parts(appliance: Product) -> QuerySet[Compatibility]:
    """The consumables and spare parts of an appliance, from the one table."""
    return (
        Compatibility.objects.filter(appliance=appliance, part__is_active=True)
        .select_related("part")
        .order_by("part__kind", "part__reference")
    )


def appliances_fitted_by(part: Product) -> QuerySet[Product]:
    return Product.objects.filter(compatible_parts__part=part, is_active=True).order_by(
        "reference"
    )


# --- Credited sales ----------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    order: Order
    commission: Decimal


@dataclass(frozen=True)
class Statement:
    organisation: Organisation
    month: date
    lines: list[StatementLine]

    @property
    def total_excl_vat(self) -> Decimal:
        return sum((line.order.total_excl_vat for line in self.lines), Decimal("0"))

    @property
    def total_commission(self) -> Decimal:
        return sum((line.commission for line in self.lines), Decimal("0"))


def commission_on(amount: Decimal, rate: Decimal | None) -> Decimal:
    """The commission on one sale, to the cent (half up), as the statement shows."""
    if not rate:
        return Decimal("0.00")
    return (amount * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def credited_sales_statement(*, organisation: Organisation, month: date) -> Statement:
    """The sales credited to a reseller in a calendar month (French time), line
    by line with the commission at the rate recorded on each sale.

    Cancelled orders are left out; the total is the sum of the rounded lines.
    """
    zone = timezone.get_current_timezone()
    start = datetime.combine(month.replace(day=1), time(0), tzinfo=zone)
    end = datetime.combine(
        (month.replace(day=28) + timedelta(days=4)).replace(day=1), time(0), tzinfo=zone
    )
    orders = (
        Order.objects.filter(
            credited_organisation=organisation, placed_at__gte=start, placed_at__lt=end
        )
        .exclude(status=Order.Status.CANCELLED)
        .exclude(channel=Order.Channel.RESELLER)
        .only(
            "number",
            "placed_at",
            "channel",
            "status",
            "end_customer_name",
            "delivery_postcode",
            "delivery_city",
            "credit_rule",
            "commission_rate",
            "total_excl_vat",
            "currency",
        )
        .order_by("placed_at", "pk")
    )
    return Statement(
        organisation=organisation,
        month=start.date(),
        lines=[
            StatementLine(o, commission_on(o.total_excl_vat, o.commission_rate))
            for o in orders
        ],
    )
