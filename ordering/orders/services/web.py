"""Orders for end customers: placed by themselves from their customer space
("web"), or by an agent during a call ("call center").

A customer reorders the consumables of an appliance an installer fitted: the
order has channel "web", catalogue prices, the customer's own address, and
is credited to that installer, so the network gains from online sales
instead of losing them. It is paid by card when Stripe is set up, otherwise
by bank transfer before it is prepared.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.customers.models import Customer, Installation
from accounts.network.models import User
from accounts.network.rights import may
from ordering.catalogue.models import Compatibility, Product
from ordering.catalogue.selectors import Quote, quote
from ordering.errors import NotAllowedError, OrderingError
from ordering.orders.models import Order, OrderEvent
from ordering.orders.services.attribution import credit_fields, credit_for
from ordering.orders.services.cart import ensure_not_too_many, ensure_orderable
from ordering.orders.services.confirmations import order_confirmation_send
from ordering.orders.services.errors import PaymentMethodError
from ordering.orders.services.methods import customer_payment_methods
from ordering.orders.services.rows import (
    Delivery,
    order_lines_create,
    order_row_create,
)
from ordering.orders.services.summary import sale_of, sales_summary_count


def _first_submission(submission_key: str, customer: Customer) -> Order | None:
    """The order an earlier sending of the same form placed for this customer."""
    existing = Order.objects.filter(submission_key=submission_key).first()
    if existing is not None and existing.customer_id != customer.pk:
        raise NotAllowedError(_("This form was already used. Reload the page."))
    return existing


def customer_order_place(
    *,
    customer: Customer,
    by: User,
    installation: Installation,
    items: list[tuple[Product, int]],
    payment_method: str,
    submission_key: str,
) -> Order:
    """Place a customer's reorder for one installation's consumables.

    The same form sent twice returns the first order. A part that does not
    fit the appliance, a missing payment method or short stock is refused
    and nothing is kept.
    """
    try:
        return _customer_order_place(
            customer=customer,
            by=by,
            installation=installation,
            items=items,
            payment_method=payment_method,
            submission_key=submission_key,
        )
    except (IntegrityError, OrderingError):
        if (existing := _first_submission(submission_key, customer)) is None:
            raise
        return existing


@transaction.atomic
def _customer_order_place(
    *,
    customer: Customer,
    by: User,
    installation: Installation,
    items: list[tuple[Product, int]],
    payment_method: str,
    submission_key: str,
) -> Order:
    if (
        customer.is_erased
        or customer.user_id != by.pk
        or installation.customer_id != customer.pk
        or installation.is_draft
    ):
        raise NotAllowedError(_("This installation is not yours."))
    if payment_method not in customer_payment_methods():
        raise PaymentMethodError(_("Choose a payment method."))
    items = [(part, quantity) for part, quantity in items if quantity]
    if not items:
        raise OrderingError(_("Choose at least one consumable."))
    fitting = set(
        Compatibility.objects.filter(
            appliance_id=installation.appliance_id
        ).values_list("part_id", flat=True)
    )
    for part, quantity in items:
        if part.pk not in fitting:
            raise OrderingError(
                _("%(part)s does not fit your appliance.") % {"part": part.name}
            )
        ensure_orderable(part)
        ensure_not_too_many(quantity)

    return _customer_order_create(
        customer=customer,
        by=by,
        channel=Order.Channel.WEB,
        items=items,
        payment_method=payment_method,
        submission_key=submission_key,
        credit=credit_for(
            customer=customer, postcode=customer.postcode, installation=installation
        ),
    )


def customer_quote(items: list[tuple[Product, int]]) -> Quote:
    """What an end customer pays for the items: catalogue prices, VAT per rate.
    The call center's order form shows it; placing the order charges it."""
    return quote(organisation=None, items=items)


def _customer_order_create(
    *,
    customer: Customer,
    by: User,
    channel: str,
    items: list[tuple[Product, int]],
    payment_method: str,
    submission_key: str,
    credit,
) -> Order:
    priced = customer_quote(items)
    now = timezone.now()
    order = order_row_create(
        priced=priced,
        customer=customer,
        **credit_fields(credit),
        channel=channel,
        placed_by=by,
        payment_method=payment_method,
        delivery=Delivery(
            name=customer.full_name,
            line1=customer.line1,
            line2=customer.line2,
            postcode=customer.postcode,
            city=customer.city,
            country=customer.country,
        ),
        submission_key=submission_key,
        placed_at=now,
        status=Order.Status.PLACED,
        contact_email=customer.email,
        end_customer_name=customer.full_name,
    )
    lines = order_lines_create(order=order, priced=priced)
    OrderEvent.objects.create(
        order=order, actor=by, status=Order.Status.PLACED, created_at=now
    )
    order_confirmation_send(order, lines)
    sales_summary_count(after=sale_of(order))  # last: see its module
    return order


def call_center_order_place(
    *,
    customer: Customer,
    by: User,
    items: list[tuple[Product, int]],
    payment_method: str,
    submission_key: str,
    installation: Installation | None = None,
) -> Order:
    """An agent places an order for a customer during a call.

    Catalogue prices, the customer's address, channel "call center", and the
    credit by the attribution rule. The customer pays from their space (card)
    or by transfer; the same form sent twice returns the first order.
    """
    try:
        with transaction.atomic():
            if not may(by, "orders.place_for_customers"):
                raise NotAllowedError(_("Only the call center orders for customers."))
            if customer.is_erased:
                raise NotAllowedError(_("This customer's data was erased."))
            if installation is not None and installation.customer_id != customer.pk:
                raise NotAllowedError(_("This appliance is not the customer's."))
            if payment_method not in customer_payment_methods():
                raise PaymentMethodError(_("Choose a payment method."))
            items = [(product, quantity) for product, quantity in items if quantity]
            if not items:
                raise OrderingError(_("Add at least one product."))
            for product, quantity in items:
                ensure_orderable(product)
                ensure_not_too_many(quantity)
            return _customer_order_create(
                customer=customer,
                by=by,
                channel=Order.Channel.CALL_CENTER,
                items=items,
                payment_method=payment_method,
                submission_key=submission_key,
                credit=credit_for(
                    customer=customer,
                    postcode=customer.postcode,
                    installation=installation,
                ),
            )
    except (IntegrityError, OrderingError):
        if (existing := _first_submission(submission_key, customer)) is None:
            raise
        return existing
