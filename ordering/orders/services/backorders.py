"""Back-orders: units a buyer agreed to wait for, served by stock receipts.

A receipt's units go first to the lines waiting for that product, oldest
order first, then the rest is available to everyone. The waiting orders are
locked before the stock rows, the order every service takes its locks in
(placing, cancelling and shipping lock the order, then the stock), so a
receipt never deadlocks with them nor serves a cancelled order.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.network.models import User
from ordering.errors import OrderingError
from ordering.orders.models import Order, OrderEvent, OrderLine
from ordering.stock.models import StockLevel
from ordering.stock.services import stock_receive


@dataclass(frozen=True)
class Receipt:
    received: int
    # Units that went to back-ordered lines, and to how many orders.
    to_backorders: int
    orders_served: int


def ensure_shipping_preference(value: str | None) -> None:
    """None (no back-order agreed) or one of the choices."""
    if value not in {None, *Order.ShippingPreference.values}:
        raise OrderingError(_("Choose how the order ships."))


def backorders_record(*, order_lines: list[OrderLine], missing: dict[int, int]):
    """Write on each line placed short the units it waits for (``missing``,
    by line id, from ``stock_reserve``)."""
    for line in order_lines:
        if line.pk in missing:
            line.quantity_backordered = missing[line.pk]
            line.backordered_at_placement = missing[line.pk]
            OrderLine.objects.filter(pk=line.pk).update(
                quantity_backordered=line.quantity_backordered,
                backordered_at_placement=line.backordered_at_placement,
            )


def backorder_events(
    *, order: Order, lines: list[OrderLine], at: datetime
) -> list[OrderEvent]:
    """The timeline line of an order placed with a back-order, if it was."""
    if not any(line.quantity_backordered for line in lines):
        return []
    note = gettext_noop(
        "Some units are back-ordered: they are reserved as soon as stock arrives."
    )
    return [OrderEvent(order=order, note=note, created_at=at)]


def backorders_waiting(product_id: int):
    """Lines of open orders still waiting for units of the product, the
    oldest order first: the order a receipt serves them in."""
    return (
        OrderLine.objects.filter(product_id=product_id, quantity_backordered__gt=0)
        .exclude(order__status=Order.Status.CANCELLED)
        .order_by("order__placed_at", "order_id", "id")
    )


@transaction.atomic
def stock_receipt_record(
    *,
    stock_level: StockLevel,
    quantity: int,
    by: User | None,
    restock_date: date | None = None,
    restock_quantity: int | None = None,
) -> Receipt:
    """Record units received in a warehouse (staff, in the admin): they
    reserve for back-ordered lines of the product first, oldest order first,
    and each served order's timeline says so. ``restock_date`` and
    ``restock_quantity`` are the next expected restock (empty: none known).
    """
    # Lock the waiting orders first (by id, as every lock of several rows
    # is taken), then read their lines again: only this receipt, under
    # these locks, changes what they wait for.
    order_ids = set(backorders_waiting(stock_level.product_id).values_list("order_id"))
    locked = list(
        Order.objects.select_for_update()
        .filter(pk__in=[pk for (pk,) in order_ids])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    waiting = list(
        backorders_waiting(stock_level.product_id).filter(order_id__in=locked)
    )
    reserved = stock_receive(
        stock_level=stock_level,
        quantity=quantity,
        waiting=[(line, line.quantity_backordered) for line in waiting],
        restock_date=restock_date,
        restock_quantity=restock_quantity,
    )
    for pk, units in reserved.items():
        OrderLine.objects.filter(pk=pk).update(
            quantity_backordered=F("quantity_backordered") - units
        )
    served = {line.order_id for line in waiting if line.pk in reserved}
    still_waiting = set(
        OrderLine.objects.filter(
            order_id__in=served, quantity_backordered__gt=0
        ).values_list("order_id", flat=True)
    )
    now = timezone.now()
    OrderEvent.objects.bulk_create(
        OrderEvent(
            order_id=order_id,
            actor=by,
            note=gettext_noop("Some back-ordered units arrived and are reserved.")
            if order_id in still_waiting
            else gettext_noop(
                "Every back-ordered unit arrived and is reserved: the order is "
                "complete."
            ),
            created_at=now,
        )
        for order_id in sorted(served)
    )
    return Receipt(
        received=quantity,
        to_backorders=sum(reserved.values()),
        orders_served=len(served),
    )
