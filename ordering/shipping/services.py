"""Shipments leave with some of an order's lines; carriers report their travel."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.network.models import User
from ordering.errors import OrderingError
from ordering.orders.models import Order, OrderLine
from ordering.orders.services import (
    TRANSITIONS,
    IllegalTransitionError,
    ensure_complete_if_together,
    order_lock,
    order_status_set,
)
from ordering.shipping.models import Carrier, Shipment, ShipmentLine, TrackingEvent
from ordering.shipping.signals import shipment_shipped
from ordering.stock.services import stock_ship
from portal.emails import email_send_after_commit
from portal.links import absolute_url


class ShipmentError(OrderingError):
    pass


Status = Order.Status


def _notify(order: Order, template: str, **context) -> None:
    recipients = {order.contact_email}
    if order.organisation and order.organisation.email:
        recipients.add(order.organisation.email)
    recipients.discard("")
    if not recipients:
        return
    email_send_after_commit(
        template=f"ordering/email/{template}",
        to=sorted(recipients),
        context={
            "number": order.number,
            # An end customer's order is read in their space, not the portal's.
            "url": absolute_url(
                reverse(
                    "customer_order" if order.customer_id else "order_detail",
                    args=[order.number],
                )
            ),
            **context,
        },
    )


@transaction.atomic
def shipment_create(
    *,
    order: Order,
    carrier: Carrier,
    tracking_number: str,
    quantities: dict[int, int] | None = None,
    by: User | None,
    shipped_at: datetime | None = None,
) -> Shipment:
    """Record a parcel leaving with some of the order's lines.

    ``quantities`` maps order line ids to units shipped; ``None`` ships
    everything reserved and still to ship. The reserved units leave the
    stock and the order becomes shipped, or partially shipped. Back-ordered
    units cannot leave before a receipt reserves them, and an order the
    buyer wants in one parcel waits until none is back-ordered.
    """
    order = order_lock(order)
    tracking_number = tracking_number.strip().replace(" ", "")
    if not tracking_number:
        raise ShipmentError(_("Enter the tracking number."))
    lines = {line.pk: line for line in order.lines.all()}
    ensure_complete_if_together(order, lines.values())
    if order.status in {Status.PAID, Status.CONFIRMED}:
        order_status_set(order, Status.PREPARING, by=by)
    if Status.SHIPPED not in TRANSITIONS[order.status]:
        raise IllegalTransitionError(order, Status.SHIPPED)
    if quantities is None:
        quantities = {pk: line.quantity_ready for pk, line in lines.items()}
    quantities = {pk: q for pk, q in quantities.items() if q}
    if not quantities:
        raise ShipmentError(_("Choose at least one line to ship."))
    for pk, quantity in quantities.items():
        line = lines.get(pk)
        if line is None:
            raise ShipmentError(_("That line is not part of this order."))
        if quantity < 0 or quantity > line.quantity_to_ship:
            raise ShipmentError(
                _("Only %(left)s of %(reference)s remain to ship.")
                % {"left": line.quantity_to_ship, "reference": line.product_reference}
            )
        if quantity > line.quantity_ready:
            raise ShipmentError(
                _(
                    "Only %(ready)s of %(reference)s are in stock for this order; "
                    "%(waiting)s are back-ordered and wait for stock."
                )
                % {
                    "ready": line.quantity_ready,
                    "reference": line.product_reference,
                    "waiting": line.quantity_backordered,
                }
            )
    if Shipment.objects.filter(
        carrier=carrier, tracking_number=tracking_number
    ).exists():
        raise ShipmentError(
            _("Tracking number %(number)s is already recorded for %(carrier)s.")
            % {"number": tracking_number, "carrier": carrier}
        )

    stock_ship(quantities=quantities)
    shipment = Shipment.objects.create(
        order=order,
        carrier=carrier,
        tracking_number=tracking_number,
        shipped_at=shipped_at or timezone.now(),
        created_by=by,
    )
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line_id=pk, quantity=q)
        for pk, q in quantities.items()
    )
    for pk, quantity in quantities.items():
        OrderLine.objects.filter(pk=pk).update(
            quantity_shipped=F("quantity_shipped") + quantity
        )
    complete = all(
        line.quantity_to_ship == quantities.get(pk, 0) for pk, line in lines.items()
    )
    order_status_set(
        order,
        Status.SHIPPED if complete else Status.PARTIALLY_SHIPPED,
        by=by,
        note=f"{carrier} {tracking_number}",
    )
    arrived = _backordered_units_leaving(lines, quantities)
    _notify(
        order,
        # The buyer waited for these: the e-mail says their wait is over.
        "order_backorder_shipped" if arrived else "order_shipped",
        carrier=carrier.name,
        tracking_number=tracking_number,
        tracking_url=shipment.tracking_url,
        complete=complete,
        lines=arrived,
    )
    shipment_shipped.send(sender=Shipment, shipment=shipment, by=by)
    return shipment


def _backordered_units_leaving(
    lines: dict[int, OrderLine], quantities: dict[int, int]
) -> list[dict]:
    """The units of this shipment that were back-ordered when the order was
    placed: a line's first units to leave are the ones that were in stock."""
    leaving = []
    for pk, quantity in quantities.items():
        line = lines[pk]
        in_stock_then = line.quantity - line.backordered_at_placement
        before = max(line.quantity_shipped - in_stock_then, 0)
        after = max(line.quantity_shipped + quantity - in_stock_then, 0)
        if after > before:
            leaving.append(
                {
                    "reference": line.product_reference,
                    "name": line.product_name,
                    "quantity": after - before,
                }
            )
    return leaving


@transaction.atomic
def tracking_event_record(
    *,
    shipment: Shipment,
    occurred_at: datetime,
    status: str,
    location: str = "",
    description: str = "",
    carrier_event_id: str | None = None,
) -> tuple[TrackingEvent, bool]:
    """Store a carrier's tracking event once, however often it is sent.

    A delivery event marks the shipment delivered, and the order too when
    every line has shipped and every parcel has arrived. A late event never
    moves a delivered parcel back.
    """
    if carrier_event_id:
        existing = TrackingEvent.objects.filter(
            shipment=shipment, carrier_event_id=carrier_event_id
        ).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            event = TrackingEvent.objects.create(
                shipment=shipment,
                occurred_at=occurred_at,
                status=status,
                location=location[:120],
                description=description[:300],
                carrier_event_id=carrier_event_id or None,
            )
    except IntegrityError:
        return (
            TrackingEvent.objects.get(
                shipment=shipment, carrier_event_id=carrier_event_id
            ),
            False,
        )
    if status == TrackingEvent.Status.DELIVERED:
        shipment_mark_delivered(shipment=shipment, delivered_at=occurred_at, by=None)
    return event, True


@transaction.atomic
def shipment_mark_delivered(
    *, shipment: Shipment, delivered_at: datetime, by: User | None
) -> None:
    """The parcel arrived; the order is delivered when nothing else is due."""
    order = order_lock(shipment.order)
    updated = Shipment.objects.filter(
        pk=shipment.pk, status=Shipment.Status.IN_TRANSIT
    ).update(status=Shipment.Status.DELIVERED, delivered_at=delivered_at)
    if not updated:
        return
    shipment.status, shipment.delivered_at = Shipment.Status.DELIVERED, delivered_at
    still_travelling = order.shipments.filter(status=Shipment.Status.IN_TRANSIT)
    if order.status == Status.SHIPPED and not still_travelling.exists():
        order_status_set(order, Status.DELIVERED, by=by)
        _notify(order, "order_delivered")
