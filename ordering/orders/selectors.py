"""Reads shared by the ordering views, the services and the admin.

Every order a non-staff user sees comes from ``orders_visible_to(user)``;
prices always come from ``quote()`` so the cart, the order and the stock tab
agree to the cent.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from accounts.network.models import Organisation, User
from accounts.network.rights import active_organisation_of, may
from ordering.catalogue.models import PriceListEntry, Product
from ordering.catalogue.selectors import Quote, prefetch_thumbnails, quote
from ordering.orders.models import Cart, CartLine, Order, OrderEvent, OrderLine
from ordering.stock.models import StockLevel
from ordering.stock.selectors import restock_dates, stock_of, with_availability
from portal.folding import folded_words_in


def shipments():
    """The Shipment model, reached through the relation shipping declares on
    Order: shipping sits above orders (a parcel moves its order along), yet the
    orders tab searches and shows an order's parcels."""
    return Order._meta.get_field("shipments").related_model


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


def orders_visible_to(user: User | AnonymousUser) -> QuerySet[Order]:
    """Every order for the call center and managers; their organisation's
    for owners and buyers."""
    if may(user, "orders.view_network"):
        return Order.objects.all()
    organisation = ordering_organisation_of(user)
    if organisation is None:
        return Order.objects.none()
    return Order.objects.filter(organisation=organisation)


BACK_IN_STOCK_DAYS = 14
ORDERED_WITHIN_DAYS = 365


def products_back_in_stock(
    orders: QuerySet[Order], *, now: datetime | None = None
) -> QuerySet[Product]:
    """Products of these orders (the last 12 months, cancelled ones aside)
    that had run out everywhere, came back in the last 14 days and can be
    ordered now: "back in stock for what you order". Counted in one query."""
    now = now or timezone.now()
    ordered = OrderLine.objects.filter(
        order__in=orders.exclude(status=Order.Status.CANCELLED).filter(
            placed_at__gte=now - timedelta(days=ORDERED_WITHIN_DAYS)
        )
    ).values("product_id")
    restocked = StockLevel.objects.filter(
        product=OuterRef("pk"),
        restocked_at__gte=now - timedelta(days=BACK_IN_STOCK_DAYS),
    )
    return with_availability(
        Product.objects.filter(is_active=True, pk__in=ordered).filter(Exists(restocked))
    ).filter(available__gt=0)


# What a reseller waits for, as one choice of the orders' status filter: the
# home's cards link to the list filtered by these (``?status=to_receive``).
ORDER_STAGES: dict[str, tuple[str, ...]] = {
    "open": (
        Order.Status.PLACED,
        Order.Status.PAID,
        Order.Status.CONFIRMED,
        Order.Status.PREPARING,
    ),
    "to_receive": (Order.Status.PARTIALLY_SHIPPED, Order.Status.SHIPPED),
}


def order_search(
    orders: QuerySet[Order],
    *,
    query: str = "",
    status: str = "",
    placed_from: date | None = None,
    placed_to: date | None = None,
) -> QuerySet[Order]:
    """Filter orders by status (or a stage of ``ORDER_STAGES``) and date, and
    find them by number, end customer, purchase-order reference, product
    reference or tracking number.

    Every word typed must be in the end customer's name, in any order, case
    and accents aside ("chevalier gerard" finds Gérard Chevalier). An order
    matching twice is listed once and the page count stays one query.
    """
    if status in ORDER_STAGES:
        orders = orders.filter(status__in=ORDER_STAGES[status])
    elif status:
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
        # A UNION of the orders each match finds, not one OR beside
        # sub-queries: PostgreSQL then reads each match's index (the trigram
        # of the name with the organisation's, the purchase-order reference's,
        # the lines' product reference, the parcels' tracking number) instead
        # of every order of the reseller, or of the network.
        # ">= ''" holds for every order (the folded name is never NULL): it
        # makes SQLite read the names from the (organisation, name, …) index
        # rather than each of the reseller's orders from the table (8,559
        # orders: 18 → 1 ms). PostgreSQL's plan, by the trigram index, is
        # the same with it.
        by_name = Q(end_customer_folded__gte="") & folded_words_in(
            "end_customer_folded", query
        )
        found = [
            orders.filter(condition).order_by().values("pk")
            for condition in (
                number,
                by_name,
                Q(purchase_order_reference__iexact=query),
            )
        ]
        found += [
            OrderLine.objects.filter(product_reference__in=exact)
            .order_by()
            .values("order_id"),
            shipments()
            .objects.filter(tracking_number__in=exact)
            .order_by()
            .values("order_id"),
        ]
        orders = orders.filter(pk__in=found[0].union(*found[1:]))
    return orders


def with_backorder_flag(orders: QuerySet[Order]) -> QuerySet[Order]:
    """Each order with ``has_backorder``: some units still wait for stock.
    One ``EXISTS`` per row of the same query, however many lines."""
    return orders.annotate(
        has_backorder=Exists(
            OrderLine.objects.filter(order=OuterRef("pk"), quantity_backordered__gt=0)
        )
    )


def backorder_restocks(lines: list[OrderLine]) -> dict[int, date | None]:
    """The expected restock date of each back-ordered line's product (None:
    not known), by line id; no query when nothing is back-ordered."""
    waiting = [line for line in lines if line.quantity_backordered]
    if not waiting:
        return {}
    dates = restock_dates(line.product_id for line in waiting)
    return {line.pk: dates.get(line.product_id) for line in waiting}


def _lines_and_timeline() -> tuple[Prefetch, Prefetch]:
    return (
        # By id: the default ordering (order, id) would join the orders back.
        Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
        Prefetch(
            "events",
            queryset=OrderEvent.objects.select_related("actor"),
            to_attr="timeline",
        ),
    )


def order_detail(orders: QuerySet[Order]) -> QuerySet[Order]:
    """What the order page shows, fetched in a fixed number of queries."""
    return orders.select_related(
        "organisation", "placed_by", "credited_organisation"
    ).prefetch_related(
        *_lines_and_timeline(),
        Prefetch(
            "shipments",
            queryset=shipments()
            .objects.select_related("carrier")
            .prefetch_related(
                Prefetch(
                    "lines",
                    queryset=shipments()
                    ._meta.get_field("lines")
                    .related_model.objects.select_related("order_line"),
                ),
                "tracking_events",
            ),
        ),
    )


def order_detail_just_placed(order: Order) -> Order:
    """The order a placement has just returned, as ``order_detail`` and
    ``with_backorder_flag`` give it, in two queries: its organisation and
    people are the objects that placed it, and a new order has no shipment
    yet (reading it all back cost a third of an API placement)."""
    prefetch_related_objects([order], *_lines_and_timeline())
    order.has_backorder = any(line.quantity_backordered for line in order.lines.all())
    order._prefetched_objects_cache["shipments"] = shipments().objects.none()
    return order


# --- Prices -------------------------------------------------------------------


# --- Stock --------------------------------------------------------------------


# --- Cart ---------------------------------------------------------------------


def cart_of(user: User) -> Cart | None:
    return (
        Cart.objects.select_related("organisation__price_list")
        .filter(user=user)
        .first()
    )


def cart_line_count(user: User) -> int:
    """How many products are in the user's cart, for the header."""
    return CartLine.objects.filter(cart__user=user).count()


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
    """The cart priced for its organisation, with what is available now: each
    line's ``available``, ``ships_now`` (what could leave at once) and, for
    what is short, the product's ``restock`` date (None: not known)."""
    if cart is None:
        return Quote(lines=[])
    lines = list(cart.lines.select_related("product"))
    prefetch_thumbnails(line.product for line in lines)
    result = quote(
        organisation=cart.organisation,
        items=[(line.product, line.quantity) for line in lines],
    )
    stock = stock_of(line.product for line in lines)
    for line in result.lines:
        line.available = stock[line.product.pk].available
        line.ships_now = min(line.quantity, max(line.available, 0))
        line.restock = stock[line.product.pk].restock
    return result


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
