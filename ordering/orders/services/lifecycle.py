"""The order life cycle: the transition map, and every move on the timeline.

An illegal move raises ``IllegalTransitionError`` and changes nothing;
cancelling releases the reserved stock and announces ``order_cancelled``
(payments refunds a paid card).
"""

from django.db import transaction
from django.utils import timezone

from accounts.network.models import User
from accounts.network.rights import may
from ordering.orders.models import Order, OrderEvent, OrderLine
from ordering.orders.selectors import (
    ordering_organisation_of,
)
from ordering.orders.services.errors import (
    BackorderWaitingError,
    IllegalTransitionError,
)
from ordering.orders.services.summary import sale_of, sales_summary_count
from ordering.orders.signals import order_cancelled
from ordering.stock.services import stock_release

Status = Order.Status

# Where an order may go from each status. Shipping happens through
# ``shipment_create`` and delivery through tracking, which use this map too.
TRANSITIONS: dict[str, set[str]] = {
    Status.PLACED: {Status.PAID, Status.CONFIRMED, Status.CANCELLED},
    Status.PAID: {Status.PREPARING, Status.CANCELLED},
    Status.CONFIRMED: {Status.PREPARING, Status.CANCELLED},
    Status.PREPARING: {Status.PARTIALLY_SHIPPED, Status.SHIPPED, Status.CANCELLED},
    Status.PARTIALLY_SHIPPED: {Status.PARTIALLY_SHIPPED, Status.SHIPPED},
    Status.SHIPPED: {Status.DELIVERED},
    Status.DELIVERED: set(),
    Status.CANCELLED: set(),
}


# A reseller may cancel their own order until Oxyplus starts preparing it.
RESELLER_CANCELLABLE = {Status.PLACED, Status.PAID, Status.CONFIRMED}


def order_event_add(
    order: Order, *, by: User | None, status: str = "", note: str = ""
) -> OrderEvent:
    """One line on the order's timeline: who did what, now."""
    return OrderEvent.objects.create(
        order=order, actor=by, status=status, note=note, created_at=timezone.now()
    )


def order_status_set(
    order: Order, target: str, *, by: User | None, note: str = ""
) -> None:
    """Move a locked order to ``target`` if the transition map allows it, and
    add the move to its timeline; ``IllegalTransitionError`` otherwise."""
    if target not in TRANSITIONS[order.status]:
        raise IllegalTransitionError(order, target)
    order.status = target
    order.save(update_fields=["status", "updated_at"])
    order_event_add(order, by=by, status=target, note=note)


def order_lock(order: Order) -> Order:
    """The order's row, locked until the transaction ends, as it is now."""
    return Order.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def order_transition(
    *, order: Order, target: str, by: User | None, note: str = ""
) -> Order:
    """Move an order along the life cycle; an illegal move raises
    ``IllegalTransitionError`` and changes nothing.

    Cancelling releases the reserved stock and refunds a card payment.
    """
    order = order_lock(order)
    counted = sale_of(order)
    if target in {Status.SHIPPED, Status.PARTIALLY_SHIPPED}:
        raise IllegalTransitionError(order, target)  # only through a shipment
    if target == Status.PREPARING:
        ensure_complete_if_together(order, order.lines.all())
    order_status_set(order, target, by=by, note=note)
    if target == Status.CANCELLED:
        # First, under the order's lock: a receipt no longer serves it.
        OrderLine.objects.filter(order=order, quantity_backordered__gt=0).update(
            quantity_backordered=0
        )
        stock_release(order)
        # Card payments are refunded by the payments app, which listens.
        order_cancelled.send(sender=Order, order=order)
        # The dashboards stop counting it (last: see the summary's module).
        sales_summary_count(before=counted, after=sale_of(order))
    return order


def ensure_complete_if_together(order: Order, lines) -> None:
    """An order the buyer wants in one parcel is not prepared nor shipped
    while some of its units wait for stock."""
    if order.shipping_preference != Order.ShippingPreference.TOGETHER:
        return
    waiting = [line for line in lines if line.quantity_backordered]
    if waiting:
        raise BackorderWaitingError(order, waiting)


def order_note(*, order: Order, note: str, by: User | None = None) -> OrderEvent:
    """Add a line to the order's timeline without changing its status."""
    return order_event_add(order, by=by, note=note)


def order_cancellable_by(*, order: Order, user: User) -> bool:
    """The call center cancels any order until shipping; a reseller's owners
    and buyers cancel their organisation's until preparation starts."""
    if Status.CANCELLED not in TRANSITIONS[order.status]:
        return False
    if may(user, "orders.view_network") and may(user, "orders.cancel_in_preparation"):
        return True
    own = ordering_organisation_of(user)
    return (
        may(user, "orders.cancel")
        and own is not None
        and order.organisation_id == own.pk
        and order.status in RESELLER_CANCELLABLE
    )


@transaction.atomic
def order_cancel(*, order: Order, by: User, reason: str = "") -> Order:
    """Cancel as the person asking: resellers only before preparation starts."""
    order = order_lock(order)  # judge the status as it is now, not as first read
    if not order_cancellable_by(order=order, user=by):
        raise IllegalTransitionError(order, Status.CANCELLED)
    return order_transition(order=order, target=Status.CANCELLED, by=by, note=reason)
