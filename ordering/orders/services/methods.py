"""How an order may be paid: on account, by transfer, or by card when Stripe
is set up (the payments app holds the Stripe side)."""

from django.conf import settings

from ordering.orders.models import Order


def card_payments_enabled() -> bool:
    """Card payment is offered only when Stripe is configured."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def customer_payment_methods() -> list[str]:
    """How a customer may pay: by card when Stripe is set up, else by transfer."""
    if card_payments_enabled():
        return [Order.PaymentMethod.CARD, Order.PaymentMethod.BANK_TRANSFER]
    return [Order.PaymentMethod.BANK_TRANSFER]
