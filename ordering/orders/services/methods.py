"""How an order may be paid: on account, by transfer, or by card when Stripe
is set up (the payments app holds the Stripe side)."""

from django.conf import settings
from django.utils.translation import gettext as _

from ordering.orders.models import Order


def card_payments_enabled() -> bool:
    """Card payment is offered only when Stripe is configured."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def customer_payment_methods() -> list[str]:
    """How a customer may pay: by card when Stripe is set up, else by transfer."""
    if card_payments_enabled():
        return [Order.PaymentMethod.CARD, Order.PaymentMethod.BANK_TRANSFER]
    return [Order.PaymentMethod.BANK_TRANSFER]


def payment_methods_for(organisation) -> list[tuple[str, str]]:
    """How the cart may be paid, with the words the checkout shows: on account
    for a reseller approved for credit, by card when Stripe is set up."""
    methods = []
    if organisation is not None and organisation.may_order_on_account:
        methods.append(
            (Order.PaymentMethod.ON_ACCOUNT, _("On account (invoiced at month end)"))
        )
    if card_payments_enabled():
        methods.append((Order.PaymentMethod.CARD, _("Card, on Stripe's secure page")))
    return methods
