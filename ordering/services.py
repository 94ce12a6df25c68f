"""Writes that matter for ordering: cart, order placement, life cycle, shipping.

Stock is only ever changed here, with ``F()`` updates inside one transaction
that first locks the stock rows it touches, always ordered by product then
warehouse, so two orders can never deadlock nor oversell. Each refusal is an
``OrderingError`` subclass whose message is fit for the person who asked.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organisation, User
from accounts.tasks import email_send_after_commit

from .models import (
    Carrier,
    Cart,
    CartLine,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    Product,
    Shipment,
    ShipmentLine,
    StockLevel,
    StockReservation,
    TrackingEvent,
)
from .selectors import can_order, ordering_organisation_of, quote

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


class OrderingError(Exception):
    """An ordering action that cannot be done; the message says why."""


class NotAllowedError(OrderingError):
    pass


class EmptyCartError(OrderingError):
    pass


class ProductUnavailableError(OrderingError):
    pass


class PaymentMethodError(OrderingError):
    pass


@dataclass
class Shortage:
    product: Product
    requested: int
    available: int


class InsufficientStockError(OrderingError):
    """Some lines ask for more than is available; nothing was reserved."""

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(
            " ".join(
                _(
                    "Not enough stock of %(reference)s %(name)s: %(available)s "
                    "available, %(requested)s requested."
                )
                % {
                    "reference": s.product.reference,
                    "name": s.product.name,
                    "available": s.available,
                    "requested": s.requested,
                }
                for s in shortages
            )
        )


class IllegalTransitionError(OrderingError):
    def __init__(self, order: Order, target: str):
        self.order, self.target = order, target
        super().__init__(
            _("Order %(number)s is %(current)s: it cannot become %(target)s.")
            % {
                "number": order.number,
                "current": order.get_status_display().lower(),
                "target": Status(target).label.lower(),
            }
        )


class ShipmentError(OrderingError):
    pass


# --- Cart ---------------------------------------------------------------------


def _cart_for(user: User) -> Cart:
    cart, _created = Cart.objects.get_or_create(
        user=user, defaults={"organisation": ordering_organisation_of(user)}
    )
    return cart


def _ensure_can_order(user: User) -> None:
    if not can_order(user):
        raise NotAllowedError(
            _(
                "Only owners and buyers of an active reseller, or Oxyplus sales staff, "
                "can order."
            )
        )


def _ensure_orderable(product: Product) -> None:
    if not product.is_active:
        raise ProductUnavailableError(
            _("%(reference)s %(name)s can no longer be ordered.")
            % {"reference": product.reference, "name": product.name}
        )


MAX_LINE_QUANTITY = 9999


def _ensure_not_too_many(quantity: int) -> None:
    if quantity > MAX_LINE_QUANTITY:
        raise OrderingError(
            _(
                "At most %(max)s units of a product per order; call the network desk "
                "for more."
            )
            % {"max": MAX_LINE_QUANTITY}
        )


@transaction.atomic
def cart_add(*, user: User, product: Product, quantity: int) -> CartLine:
    """Add units of a product to the user's cart (added to any already there)."""
    _ensure_can_order(user)
    _ensure_orderable(product)
    if quantity < 1:
        raise OrderingError(_("The quantity must be at least 1."))
    _ensure_not_too_many(quantity)
    cart = _cart_for(user)
    line, created = CartLine.objects.get_or_create(
        cart=cart, product=product, defaults={"quantity": quantity}
    )
    if not created:
        CartLine.objects.filter(pk=line.pk).update(quantity=F("quantity") + quantity)
        line.refresh_from_db()
        _ensure_not_too_many(line.quantity)  # rolls the addition back
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return line


@transaction.atomic
def cart_set_quantity(*, user: User, product: Product, quantity: int) -> None:
    """Change a cart line's quantity; zero removes the line."""
    _ensure_can_order(user)
    cart = _cart_for(user)
    if quantity <= 0:
        CartLine.objects.filter(cart=cart, product=product).delete()
        return
    _ensure_orderable(product)
    _ensure_not_too_many(quantity)
    CartLine.objects.update_or_create(
        cart=cart, product=product, defaults={"quantity": quantity}
    )


def cart_set_organisation(*, user: User, organisation: Organisation | None) -> Cart:
    """Staff choose whom they order for; the cart is then priced for them."""
    if not user.is_staff:
        raise NotAllowedError(_("Only Oxyplus staff order on behalf of others."))
    cart = _cart_for(user)
    cart.organisation = organisation
    cart.save(update_fields=["organisation", "updated_at"])
    return cart


QUICK_ORDER_MAX_LINES = 500
_QUICK_LINE = re.compile(r"^\s*([^;,\t]+?)\s*[;,\t]\s*(\S+)\s*$")


@dataclass
class QuickOrderResult:
    added: list[tuple[Product, int]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # no, line, why


def cart_quick_order(*, user: User, text: str) -> QuickOrderResult:
    """Add ``reference;quantity`` lines to the cart.

    Every good line is added; each bad line is reported with its number and
    the reason, so the person can fix just that line.
    """
    _ensure_can_order(user)
    result = QuickOrderResult()
    wanted: list[tuple[int, str, str, int]] = []
    lines = text.splitlines()
    if len(lines) > QUICK_ORDER_MAX_LINES:
        result.errors.append(
            (
                QUICK_ORDER_MAX_LINES + 1,
                "",
                _("Only the first %(max)s lines were read.")
                % {"max": QUICK_ORDER_MAX_LINES},
            )
        )
        lines = lines[:QUICK_ORDER_MAX_LINES]
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = _QUICK_LINE.match(raw)
        if not match:
            result.errors.append(
                (number, raw, _("Write the reference, a semicolon, then the quantity."))
            )
            continue
        reference, quantity_text = match.groups()
        # isdecimal, not isdigit: int() refuses "²", which isdigit accepts.
        if not quantity_text.isdecimal() or int(quantity_text) < 1:
            result.errors.append(
                (number, raw, _("The quantity must be a whole number of at least 1."))
            )
            continue
        wanted.append((number, raw, reference.strip().upper(), int(quantity_text)))
    references = {reference for _n, _r, reference, _q in wanted}
    products = (
        {
            p.reference.upper(): p
            for p in Product.objects.filter(
                reduce(or_, (Q(reference__iexact=r) for r in references))
            )
        }
        if references
        else {}
    )
    for number, raw, reference, quantity in wanted:
        product = products.get(reference)
        if product is None:
            result.errors.append(
                (
                    number,
                    raw,
                    _("Unknown reference %(reference)s.") % {"reference": reference},
                )
            )
            continue
        try:
            cart_add(user=user, product=product, quantity=quantity)
        except OrderingError as error:
            result.errors.append((number, raw, str(error)))
        else:
            result.added.append((product, quantity))
    result.errors.sort(key=lambda error: error[0])
    return result


@dataclass
class ReorderResult:
    added: list[tuple[Product, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def cart_reorder(*, user: User, order: Order) -> ReorderResult:
    """Put an earlier order's lines back in the cart, at today's prices."""
    _ensure_can_order(user)
    result = ReorderResult()
    for line in order.lines.select_related("product"):
        try:
            cart_add(user=user, product=line.product, quantity=line.quantity)
        except ProductUnavailableError:
            result.skipped.append(f"{line.product_reference} {line.product_name}")
        else:
            result.added.append((line.product, line.quantity))
    return result


# --- Placement ----------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    name: str
    line1: str
    postcode: str
    city: str
    line2: str = ""
    country: str = "FR"


def _event(
    order: Order, *, by: User | None, status: str = "", note: str = ""
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order, actor=by, status=status, note=note, created_at=timezone.now()
    )


def order_place(
    *,
    user: User,
    submission_key: str,
    payment_method: str,
    delivery: Delivery,
    purchase_order_reference: str = "",
    end_customer_name: str = "",
    contact_email: str = "",
) -> Order:
    """Turn the user's cart into an order, reserving its stock.

    Submitting the same form twice (double click, refresh, a retry after a
    time-out) returns the order the first submission created. When stock is
    short, nothing is reserved, no order exists and the cart is kept.
    """
    existing = Order.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return _same_submitter(existing, user)
    try:
        return _order_place(
            user=user,
            submission_key=submission_key,
            payment_method=payment_method,
            delivery=delivery,
            purchase_order_reference=purchase_order_reference.strip(),
            end_customer_name=end_customer_name.strip(),
            contact_email=contact_email.strip(),
        )
    except (IntegrityError, EmptyCartError):
        # A concurrent submission of the same form won the race: it either
        # holds the key, or has committed and emptied the cart meanwhile.
        existing = Order.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return _same_submitter(existing, user)


def _same_submitter(order: Order, user: User) -> Order:
    if order.placed_by_id != user.pk:
        raise NotAllowedError(_("This form was already used. Reload the cart page."))
    return order


@transaction.atomic
def _order_place(
    *,
    user: User,
    submission_key: str,
    payment_method: str,
    delivery: Delivery,
    purchase_order_reference: str,
    end_customer_name: str,
    contact_email: str,
) -> Order:
    from .payments import card_payments_enabled

    _ensure_can_order(user)
    cart = (
        Cart.objects.select_related("organisation__price_list")
        .filter(user=user)
        .first()
    )
    cart_lines = list(cart.lines.select_related("product")) if cart else []
    if not cart_lines:
        raise EmptyCartError(_("Your cart is empty."))
    organisation = (
        cart.organisation if user.is_staff else ordering_organisation_of(user)
    )
    if payment_method == Order.PaymentMethod.ON_ACCOUNT:
        if organisation is None or not organisation.may_order_on_account:
            raise PaymentMethodError(
                _("Ordering on account is not open for this organisation.")
            )
    elif payment_method == Order.PaymentMethod.CARD:
        if not card_payments_enabled():
            raise PaymentMethodError(_("Card payment is not available at the moment."))
    else:
        raise PaymentMethodError(_("Choose a payment method."))
    for line in cart_lines:
        _ensure_orderable(line.product)

    priced = quote(
        organisation=organisation,
        items=[(line.product, line.quantity) for line in cart_lines],
    )
    now = timezone.now()
    # The order row goes in first: its unique submission key makes a
    # concurrent duplicate wait here and fail, before it touches any stock.
    order = Order.objects.create(
        organisation=organisation,
        channel=Order.Channel.CALL_CENTER if user.is_staff else Order.Channel.RESELLER,
        placed_by=user,
        payment_method=payment_method,
        purchase_order_reference=purchase_order_reference,
        end_customer_name=end_customer_name,
        contact_email=contact_email or user.email,
        delivery_name=delivery.name,
        delivery_line1=delivery.line1,
        delivery_line2=delivery.line2,
        delivery_postcode=delivery.postcode,
        delivery_city=delivery.city,
        delivery_country=delivery.country,
        currency=priced.currency,
        total_excl_vat=priced.total_excl_vat,
        total_vat=priced.total_vat,
        total_incl_vat=priced.total_incl_vat,
        submission_key=submission_key,
        placed_at=now,
    )
    year = timezone.localtime(now).year  # the year on the French calendar
    order.number = f"{settings.PORTAL_ORDER_PREFIX}-{year}-{order.pk:06d}"
    order.save(update_fields=["number"])
    order_lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=line.product,
            product_reference=line.product.reference,
            product_name=line.product.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.product.vat_rate,
        )
        for line in priced.lines
    )
    stock_reserve(order_lines=order_lines)
    _event(order, by=user, status=Status.PLACED)
    if payment_method == Order.PaymentMethod.ON_ACCOUNT:
        _transition(order, Status.CONFIRMED, by=None, note=gettext_noop("On account"))
    CartLine.objects.filter(cart=cart).delete()
    return order


def _locked_levels(product_ids: Iterable[int]) -> list[StockLevel]:
    """Lock the stock rows of these products, always in the same order."""
    return list(
        StockLevel.objects.select_for_update(of=("self",))
        .select_related("warehouse")
        .filter(product_id__in=sorted(set(product_ids)))
        .order_by("product_id", "warehouse_id")
    )


def stock_reserve(*, order_lines: list[OrderLine]) -> None:
    """Reserve every line's units, from the highest-priority warehouse first.

    Either every line is reserved or none is: a shortage raises
    ``InsufficientStockError`` naming each short product, and the caller's
    transaction rolls back.
    """
    levels = _locked_levels(line.product_id for line in order_lines)
    by_product: dict[int, list[StockLevel]] = defaultdict(list)
    for level in levels:
        by_product[level.product_id].append(level)
    requested: dict[int, int] = defaultdict(int)
    for line in order_lines:
        requested[line.product_id] += line.quantity
    shortages = [
        Shortage(
            product=line.product,
            requested=requested[line.product_id],
            available=sum(lv.available for lv in by_product[line.product_id]),
        )
        for line in order_lines
        if requested[line.product_id]
        > sum(lv.available for lv in by_product[line.product_id])
    ]
    if shortages:
        raise InsufficientStockError(shortages)
    for line in order_lines:
        remaining = line.quantity
        for level in sorted(
            by_product[line.product_id], key=lambda lv: (lv.warehouse.priority, lv.pk)
        ):
            take = min(level.available, remaining)
            if take <= 0:
                continue
            StockLevel.objects.filter(pk=level.pk).update(reserved=F("reserved") + take)
            level.reserved += take
            StockReservation.objects.create(
                order_line=line, stock_level=level, quantity=take
            )
            remaining -= take
            if remaining == 0:
                break


def _stock_release(order: Order) -> None:
    """Give back every unit still reserved for the order."""
    reservations = list(
        StockReservation.objects.filter(order_line__order=order)
        .select_related("stock_level")
        .order_by("stock_level__product_id", "stock_level__warehouse_id")
    )
    _locked_levels(r.stock_level.product_id for r in reservations)
    for reservation in reservations:
        StockLevel.objects.filter(pk=reservation.stock_level_id).update(
            reserved=F("reserved") - reservation.quantity
        )
    StockReservation.objects.filter(pk__in=[r.pk for r in reservations]).delete()


@transaction.atomic
def stock_adjust(
    *,
    stock_level: StockLevel,
    on_hand: int,
    restock_date=None,
    restock_quantity: int | None = None,
) -> StockLevel:
    """Record an inventory count and the expected restock.

    One conditional update: units already reserved by orders are never
    counted away, whatever happens between reading the form and saving it.
    """
    updated = StockLevel.objects.filter(
        pk=stock_level.pk, reserved__lte=on_hand
    ).update(
        on_hand=on_hand, restock_date=restock_date, restock_quantity=restock_quantity
    )
    if not updated:
        reserved = StockLevel.objects.get(pk=stock_level.pk).reserved
        raise OrderingError(
            _("%(reserved)s units are reserved by orders; on hand cannot be less.")
            % {"reserved": reserved}
        )
    stock_level.refresh_from_db()
    return stock_level


# --- Life cycle ---------------------------------------------------------------


def _transition(order: Order, target: str, *, by: User | None, note: str = "") -> None:
    if target not in TRANSITIONS[order.status]:
        raise IllegalTransitionError(order, target)
    order.status = target
    order.save(update_fields=["status", "updated_at"])
    _event(order, by=by, status=target, note=note)


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def order_transition(
    *, order: Order, target: str, by: User | None, note: str = ""
) -> Order:
    """Move an order along the life cycle; an illegal move raises
    ``IllegalTransitionError`` and changes nothing.

    Cancelling releases the reserved stock and refunds a card payment.
    """
    order = _lock(order)
    if target in {Status.SHIPPED, Status.PARTIALLY_SHIPPED}:
        raise IllegalTransitionError(order, target)  # only through a shipment
    _transition(order, target, by=by, note=note)
    if target == Status.CANCELLED:
        _stock_release(order)
        from .payments import payment_refund_after_commit

        for payment in order.payments.filter(status=Payment.Status.SUCCEEDED):
            payment_refund_after_commit(payment)
    return order


def order_note(*, order: Order, note: str, by: User | None = None) -> OrderEvent:
    """Add a line to the order's timeline without changing its status."""
    return _event(order, by=by, note=note)


@transaction.atomic
def order_cancel(*, order: Order, by: User, reason: str = "") -> Order:
    """Cancel as the person asking: resellers only before preparation starts."""
    order = _lock(order)  # judge the status as it is now, not as first read
    if not by.is_staff and order.status not in RESELLER_CANCELLABLE:
        raise IllegalTransitionError(order, Status.CANCELLED)
    return order_transition(order=order, target=Status.CANCELLED, by=by, note=reason)


# --- Shipping and tracking ----------------------------------------------------


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
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + f"/reseller/orders/{order.number}/",
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
    everything still to ship. The reserved units leave the stock and the
    order becomes shipped, or partially shipped.
    """
    order = _lock(order)
    tracking_number = tracking_number.strip().replace(" ", "")
    if not tracking_number:
        raise ShipmentError(_("Enter the tracking number."))
    if order.status in {Status.PAID, Status.CONFIRMED}:
        _transition(order, Status.PREPARING, by=by)
    if Status.SHIPPED not in TRANSITIONS[order.status]:
        raise IllegalTransitionError(order, Status.SHIPPED)
    lines = {line.pk: line for line in order.lines.all()}
    if quantities is None:
        quantities = {pk: line.quantity_to_ship for pk, line in lines.items()}
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
    if Shipment.objects.filter(
        carrier=carrier, tracking_number=tracking_number
    ).exists():
        raise ShipmentError(
            _("Tracking number %(number)s is already recorded for %(carrier)s.")
            % {"number": tracking_number, "carrier": carrier}
        )

    _stock_ship(order=order, quantities=quantities)
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
    _transition(
        order,
        Status.SHIPPED if complete else Status.PARTIALLY_SHIPPED,
        by=by,
        note=f"{carrier} {tracking_number}",
    )
    _notify(
        order,
        "order_shipped",
        carrier=carrier.name,
        tracking_number=tracking_number,
        tracking_url=shipment.tracking_url,
        complete=complete,
    )
    return shipment


def _stock_ship(*, order: Order, quantities: dict[int, int]) -> None:
    """Shipped units leave the warehouse: on hand and reserved both go down."""
    reservations = list(
        StockReservation.objects.filter(order_line_id__in=quantities)
        .select_related("stock_level__warehouse")
        .order_by("stock_level__warehouse__priority", "stock_level_id")
    )
    _locked_levels(r.stock_level.product_id for r in reservations)
    remaining = dict(quantities)
    for reservation in reservations:
        take = min(reservation.quantity, remaining[reservation.order_line_id])
        if take <= 0:
            continue
        StockLevel.objects.filter(pk=reservation.stock_level_id).update(
            on_hand=F("on_hand") - take, reserved=F("reserved") - take
        )
        remaining[reservation.order_line_id] -= take
        if take == reservation.quantity:
            reservation.delete()
        else:
            StockReservation.objects.filter(pk=reservation.pk).update(
                quantity=F("quantity") - take
            )
    if any(remaining.values()):
        # Reservations always cover what is left to ship; this is a bug guard.
        raise ShipmentError(_("The reserved stock does not cover this shipment."))


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
    order = _lock(shipment.order)
    updated = Shipment.objects.filter(
        pk=shipment.pk, status=Shipment.Status.IN_TRANSIT
    ).update(status=Shipment.Status.DELIVERED, delivered_at=delivered_at)
    if not updated:
        return
    shipment.status, shipment.delivered_at = Shipment.Status.DELIVERED, delivered_at
    still_travelling = order.shipments.filter(status=Shipment.Status.IN_TRANSIT)
    if order.status == Status.SHIPPED and not still_travelling.exists():
        _transition(order, Status.DELIVERED, by=by)
        _notify(order, "order_delivered")
