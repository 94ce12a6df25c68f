"""The one seam to Stripe: its client, amounts in cents, and the refusals."""

from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings


class PaymentError(Exception):
    """A payment action that cannot be done; the message says why."""


class PaymentUnavailableError(PaymentError):
    pass


class PaymentProviderError(PaymentError):
    pass


class WebhookSignatureError(PaymentError):
    pass


class WebhookPayloadError(PaymentError):
    """A body signed with our secret that is not an event we can read."""


def stripe_client() -> stripe.StripeClient:
    options = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def cents(amount: Decimal) -> int:
    """An amount as Stripe counts it: whole cents."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def field_of(obj, name: str):
    """A field of a Stripe object, or None when absent: these objects are not
    dicts (since stripe 15), so ``obj.get`` raises AttributeError."""
    return getattr(obj, name, None)
