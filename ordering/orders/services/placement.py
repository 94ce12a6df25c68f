"""Placing an order: the cart (or the API's items) priced for whom it is for,
the order row with its lines, their stock reserved in the same transaction.

The same form sent twice (a double click, a retry after a time-out) places
one order: the unique submission key finds the first.
"""

from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.catalogue.models import Product
from ordering.catalogue.selectors import quote
from ordering.errors import NotAllowedError, OrderingError
from ordering.orders.models import CartLine, Order, OrderEvent
from ordering.orders.selectors import (
    cart_lines_of,
    order_organisation,
    ordering_organisation_of,
)
from ordering.orders.services import backorders
from ordering.orders.services.cart import (
    ensure_can_order,
    ensure_not_too_many,
    ensure_orderable,
)
from ordering.orders.services.confirmations import order_confirmation_send
from ordering.orders.services.credit_hold import (
    credit_hold_check,
    credit_hold_lifted_audit,
)
from ordering.orders.services.errors import (
    EmptyCartError,
    PaymentMethodError,
)
from ordering.orders.services.methods import card_payments_enabled
from ordering.orders.services.rows import (
    Delivery,
    order_lines_create,
    order_row_create,
)
from ordering.orders.services.summary import sale_of, sales_summary_count

Status = Order.Status


def order_place(
    *,
    user: User,
    submission_key: str,
    payment_method: str,
    delivery: Delivery,
    purchase_order_reference: str = "",
    end_customer_name: str = "",
    contact_email: str = "",
    shipping_preference: str | None = None,
    credit_hold_override: str = "",
) -> Order:
    """Turn the user's cart into an order, reserving its stock.

    Submitting the same form twice (double click, refresh, a retry after a
    time-out) returns the order the first submission created. A shortage is
    back-ordered if the buyer said how to ship, else refused (cart kept).

    The key is only looked up when placing fails: a repeat finds the cart
    empty, or its order row collides on the unique key before any stock is
    touched, or is refused for some other reason; in each case the first
    submission's order, if there is one, is the answer.
    ``credit_hold_override``: a manager's reason to lift a credit hold.
    """
    order, _created = _once(
        lambda: _order_place(
            user=user,
            submission_key=submission_key,
            payment_method=payment_method,
            delivery=delivery,
            purchase_order_reference=purchase_order_reference.strip(),
            end_customer_name=end_customer_name.strip(),
            contact_email=contact_email.strip(),
            shipping_preference=shipping_preference,
            credit_hold_override=credit_hold_override.strip(),
        ),
        submission_key=submission_key,
        user=user,
    )
    return order


def order_place_items(
    *,
    user: User,
    organisation: Organisation | None,
    items: list[tuple[Product, int]],
    submission_key: str,
    payment_method: str,
    delivery: Delivery,
    purchase_order_reference: str = "",
    end_customer_name: str = "",
    contact_email: str = "",
    shipping_preference: str | None = None,
    credit_hold_override: str = "",
) -> tuple[Order, bool]:
    """Order these products at once, without the user's cart (which is left
    as it is): what the API does. Returns the order and whether it is new.

    ``organisation`` is whom the order is for: a reseller orders for their
    own; staff name the reseller (None: an end customer). The same key sent
    again returns the first order and reserves nothing more; a product
    listed twice is ordered once with both quantities; a shortage is
    back-ordered only with a ``shipping_preference``.
    """
    return _once(
        lambda: _order_place_items(
            user=user,
            organisation=organisation,
            items=items,
            submission_key=submission_key,
            payment_method=payment_method,
            delivery=delivery,
            purchase_order_reference=purchase_order_reference.strip(),
            end_customer_name=end_customer_name.strip(),
            contact_email=contact_email.strip(),
            shipping_preference=shipping_preference,
            credit_hold_override=credit_hold_override.strip(),
        ),
        submission_key=submission_key,
        user=user,
    )


def _once(
    place: Callable[[], Order], *, submission_key: str, user: User
) -> tuple[Order, bool]:
    """Place, or find the order an earlier submission of the key placed."""
    try:
        return place(), True
    except (IntegrityError, OrderingError):
        # An earlier or concurrent submission of the same form holds the key,
        # or has committed and emptied the cart meanwhile.
        existing = Order.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return _same_submitter(existing, user), False


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
    shipping_preference: str | None,
    credit_hold_override: str,
) -> Order:
    ensure_can_order(user)
    cart_lines = cart_lines_of(user)
    if not cart_lines:
        raise EmptyCartError(_("Your cart is empty."))
    cart = cart_lines[0].cart
    organisation = order_organisation(user, cart=cart)
    list_prices = None
    if organisation is not None and organisation.pk == cart.organisation_id:
        # The same row, read with its price list and the lines' list prices.
        organisation = cart.organisation
        list_prices = {
            line.product_id: line.list_price
            for line in cart_lines
            if line.list_price is not None
        }
    order = _order_create(
        user=user,
        organisation=organisation,
        items=[(line.product, line.quantity) for line in cart_lines],
        list_prices=list_prices,
        submission_key=submission_key,
        payment_method=payment_method,
        delivery=delivery,
        purchase_order_reference=purchase_order_reference,
        end_customer_name=end_customer_name,
        contact_email=contact_email,
        shipping_preference=shipping_preference,
        credit_hold_override=credit_hold_override,
    )
    CartLine.objects.filter(cart=cart).delete()
    return order


@transaction.atomic
def _order_place_items(
    *,
    user: User,
    organisation: Organisation | None,
    items: list[tuple[Product, int]],
    submission_key: str,
    payment_method: str,
    delivery: Delivery,
    purchase_order_reference: str,
    end_customer_name: str,
    contact_email: str,
    shipping_preference: str | None,
    credit_hold_override: str,
) -> Order:
    ensure_can_order(user)
    if not may(user, "orders.place_for_customers") and (
        organisation is None or organisation != ordering_organisation_of(user)
    ):
        raise NotAllowedError(_("You order for your own organisation only."))
    if organisation is not None and organisation.is_suspended:
        raise NotAllowedError(
            _("%(organisation)s is suspended: it cannot order.")
            % {"organisation": organisation}
        )
    quantities: dict[Product, int] = {}
    for product, quantity in items:
        if quantity < 1:
            raise OrderingError(_("The quantity must be at least 1."))
        quantities[product] = quantities.get(product, 0) + quantity
    if not quantities:
        raise EmptyCartError(_("The order has no lines."))
    for quantity in quantities.values():
        ensure_not_too_many(quantity)
    return _order_create(
        user=user,
        organisation=organisation,
        items=list(quantities.items()),
        list_prices=None,
        submission_key=submission_key,
        payment_method=payment_method,
        delivery=delivery,
        purchase_order_reference=purchase_order_reference,
        end_customer_name=end_customer_name,
        contact_email=contact_email,
        shipping_preference=shipping_preference,
        credit_hold_override=credit_hold_override,
    )


def _order_create(
    *,
    user: User,
    organisation: Organisation | None,
    items: list[tuple[Product, int]],
    list_prices: dict[int, Decimal] | None,
    submission_key: str,
    payment_method: str,
    delivery: Delivery,
    purchase_order_reference: str,
    end_customer_name: str,
    contact_email: str,
    shipping_preference: str | None,
    credit_hold_override: str = "",
) -> Order:
    """The placement core, inside the caller's transaction: check the payment
    method and the products, price the items for the organisation, write the
    order, its timeline and its lines, and reserve (or back-order) their stock."""
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
    for product, _quantity in items:
        ensure_orderable(product)
    backorders.ensure_shipping_preference(shipping_preference)

    priced = quote(organisation=organisation, items=items, list_prices=list_prices)
    lifted = credit_hold_check(
        user=user,
        organisation=organisation,
        payment_method=payment_method,
        amount=priced.total_incl_vat,
        override=credit_hold_override,
    )
    now = timezone.now()
    # The order row goes in first: its unique submission key makes a
    # concurrent duplicate wait here and fail, before it touches any stock.
    on_account = payment_method == Order.PaymentMethod.ON_ACCOUNT
    order = order_row_create(
        priced=priced,
        organisation=organisation,
        channel=Order.Channel.CALL_CENTER
        if may(user, "orders.place_for_customers")
        else Order.Channel.RESELLER,
        placed_by=user,
        payment_method=payment_method,
        delivery=delivery,
        submission_key=submission_key,
        placed_at=now,
        contact_email=contact_email or user.email,
        end_customer_name=end_customer_name,
        purchase_order_reference=purchase_order_reference,
        # Approved for credit: confirmed at once (the timeline shows both steps).
        status=Status.CONFIRMED if on_account else Status.PLACED,
        shipping_preference=shipping_preference or Order.ShippingPreference.TOGETHER,
    )
    events = [OrderEvent(order=order, actor=user, status=Status.PLACED, created_at=now)]
    if on_account:
        events.append(
            OrderEvent(
                order=order,
                status=Status.CONFIRMED,
                note=gettext_noop("On account"),
                created_at=now,
            )
        )
    lines = order_lines_create(
        order=order, priced=priced, backorder=shipping_preference is not None
    )
    events.extend(backorders.backorder_events(order=order, lines=lines, at=now))
    OrderEvent.objects.bulk_create(events)
    credit_hold_lifted_audit(order=order, user=user, hold=lifted)
    order_confirmation_send(order, lines)
    sales_summary_count(after=sale_of(order))  # last: see its module
    return order
