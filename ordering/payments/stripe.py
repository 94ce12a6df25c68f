"""Card payments through Stripe Checkout: the one seam to the payment provider.

The order is placed (and its stock reserved) before the customer pays;
Stripe's webhook then tells us how the payment went. Events are stored once
by id, so a replay changes nothing, and the payment is re-read from Stripe
before it is applied, so events arriving out of order cannot undo a success.
"""

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ordering.orders import services as order_services
from ordering.orders.models import Order
from ordering.orders.services.methods import card_payments_enabled
from ordering.payments.client import (
    PaymentError,
    PaymentProviderError,
    PaymentUnavailableError,
    WebhookPayloadError,
    WebhookSignatureError,
    cents,
    field_of,
    stripe_client,
)
from ordering.payments.models import Payment, StripeEvent
from ordering.payments.tasks import payment_refund_after_commit
from portal.text import is_storable

# A session in these states is still open on Stripe's side: paying again
# sends the payer back to it rather than opening a second one that could be
# paid too. (After a declined card, Checkout lets the payer retry in place.)
_OPEN = {Payment.Status.PENDING, Payment.Status.PROCESSING, Payment.Status.FAILED}


def checkout_start(*, order: Order, success_url: str, cancel_url: str) -> str:
    """Open a Stripe Checkout Session for the order; return where to send
    the payer. Clicking twice opens the same session."""
    if not card_payments_enabled():
        raise PaymentUnavailableError(_("Card payment is not available at the moment."))
    if not order.awaits_card_payment:
        raise PaymentError(_("This order does not await a card payment."))
    open_payment = order.payments.filter(status__in=_OPEN).order_by("-pk").first()
    if open_payment is not None and open_payment.checkout_url:
        return open_payment.checkout_url
    # Two clicks racing here count the same attempts, so they share the
    # idempotency key and Stripe answers both with one session.
    attempt = order.payments.count() + 1
    try:
        session = stripe_client().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "client_reference_id": order.number,
                "customer_email": order.contact_email or None,
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": order.currency.lower(),
                            "unit_amount": cents(order.total_incl_vat),
                            "product_data": {
                                "name": _("Order %(number)s") % {"number": order.number}
                            },
                        },
                    }
                ],
                "metadata": {"order_number": order.number},
                "payment_intent_data": {"metadata": {"order_number": order.number}},
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": f"checkout-{order.pk}-{attempt}"},
        )
    except stripe.StripeError as error:
        raise PaymentProviderError(
            _(
                "The card payment service did not answer. Your order is kept: "
                "try again in a minute."
            )
        ) from error
    # The same click arriving twice gets the same session back from Stripe.
    Payment.objects.get_or_create(
        checkout_session_id=session.id,
        defaults={
            "order": order,
            "amount": order.total_incl_vat,
            "currency": order.currency,
            "checkout_url": session.url or "",
            "payment_intent_id": field_of(session, "payment_intent") or "",
        },
    )
    return session.url


# --- Webhook ------------------------------------------------------------------

_INTENT_STATUS = {
    "succeeded": Payment.Status.SUCCEEDED,
    "processing": Payment.Status.PROCESSING,
    "requires_payment_method": Payment.Status.FAILED,
    "canceled": Payment.Status.FAILED,
}
_FINAL = {Payment.Status.SUCCEEDED, Payment.Status.REFUNDED}
_SESSION_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}
_INTENT_EVENTS = {
    "payment_intent.succeeded",
    "payment_intent.processing",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
}


def webhook_receive(*, payload: bytes, signature: str) -> bool:
    """Verify and apply one Stripe event; False when it was already handled.

    A bad signature raises ``WebhookSignatureError`` before anything is read
    or written.
    """
    client = stripe_client()
    try:
        event = client.construct_event(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET
        )
    except stripe.SignatureVerificationError as error:
        raise WebhookSignatureError(str(error)) from error
    except (ValueError, TypeError, AttributeError, RecursionError) as error:
        # Not UTF-8, not JSON, or JSON that is not an object.
        raise WebhookPayloadError(f"The body is not a Stripe event: {error}") from error
    _event_check(event)
    if StripeEvent.objects.filter(event_id=event.id).exists():
        return False
    obj = event.data.object
    payment = _payment_for(event.type, obj)
    intent_status = None
    intent_id = ""
    if payment is not None and event.type != "checkout.session.expired":
        intent_id = (
            obj.id if event.type in _INTENT_EVENTS else field_of(obj, "payment_intent")
        )
        intent_id = intent_id or payment.payment_intent_id
        if intent_id:
            # Stripe does not promise order of delivery: ask for the truth.
            try:
                intent = client.v1.payment_intents.retrieve(intent_id)
            except stripe.StripeError as error:
                raise PaymentProviderError(str(error)) from error
            intent_status = _INTENT_STATUS.get(intent.status)
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(event_id=event.id, type=event.type)
        except IntegrityError:
            return False  # a concurrent delivery of the same event
        if payment is None:
            return True
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if intent_id and not payment.payment_intent_id:
            payment.payment_intent_id = intent_id
            payment.save(update_fields=["payment_intent_id", "updated_at"])
        if event.type == "checkout.session.expired":
            _session_expired(payment)
        elif event.type == "charge.refunded":
            if field_of(obj, "refunded"):
                _payment_set_status(payment, Payment.Status.REFUNDED)
        elif intent_status:
            _payment_set_status(payment, intent_status)
    return True


def _text(obj, name: str, where: str, *, required: bool) -> None:
    value = field_of(obj, name)
    if value is None and not required:
        return
    if not isinstance(value, str) or not value or len(value) > 255:
        raise WebhookPayloadError(f"{where}.{name} must be a string id.")
    if not is_storable(value):
        raise WebhookPayloadError(f"{where}.{name} holds a NUL or a lone surrogate.")


def _event_check(event) -> None:
    """Raise ``WebhookPayloadError`` unless the event has the fields this
    module reads, with their types: checked before anything is stored."""
    _text(event, "id", "event", required=True)
    _text(event, "type", "event", required=True)
    obj = field_of(field_of(event, "data"), "object")
    if not isinstance(obj, stripe.StripeObject):
        raise WebhookPayloadError("event.data.object must be an object.")
    where = "event.data.object"
    if event.type in _SESSION_EVENTS | _INTENT_EVENTS:
        _text(obj, "id", where, required=True)
    if event.type in _SESSION_EVENTS | {"charge.refunded"}:
        _text(obj, "payment_intent", where, required=False)
    if event.type == "charge.refunded" and not isinstance(
        field_of(obj, "refunded"), bool | None
    ):
        raise WebhookPayloadError(f"{where}.refunded must be true or false.")


def _payment_for(event_type: str, obj) -> Payment | None:
    if event_type in _SESSION_EVENTS:
        return Payment.objects.filter(checkout_session_id=obj.id).first()
    if event_type in _INTENT_EVENTS:
        return Payment.objects.filter(payment_intent_id=obj.id).first()
    if event_type == "charge.refunded" and field_of(obj, "payment_intent"):
        return Payment.objects.filter(payment_intent_id=obj.payment_intent).first()
    return None


def _payment_set_status(payment: Payment, status: str) -> None:
    if payment.status == status:
        return
    if payment.status in _FINAL and status != Payment.Status.REFUNDED:
        return  # a late "processing" or "failed" never undoes a success
    payment.status = status
    payment.save(update_fields=["status", "updated_at"])
    order = payment.order
    if status == Payment.Status.SUCCEEDED:
        if order.status == Order.Status.PLACED:
            order_services.order_transition(
                order=order,
                target=Order.Status.PAID,
                by=None,
                note=gettext_noop("Card payment received"),
            )
        elif order.status == Order.Status.CANCELLED:
            payment_refund_after_commit(payment)
    elif status == Payment.Status.FAILED:
        order_services.order_note(order=order, note=gettext_noop("Card payment failed"))
    elif status == Payment.Status.REFUNDED:
        order_services.order_note(
            order=order, note=gettext_noop("Card payment refunded")
        )


def _session_expired(payment: Payment) -> None:
    """Nobody paid within Stripe's time limit: give the stock back."""
    if payment.status in _FINAL:
        return
    payment.status = Payment.Status.EXPIRED
    payment.save(update_fields=["status", "updated_at"])
    order = payment.order
    still_paying = order.payments.filter(
        status__in=[
            Payment.Status.PENDING,
            Payment.Status.PROCESSING,
            Payment.Status.SUCCEEDED,
        ]
    )
    if order.status == Order.Status.PLACED and not still_paying.exists():
        order_services.order_transition(
            order=order,
            target=Order.Status.CANCELLED,
            by=None,
            note=gettext_noop("Card payment not completed in time"),
        )
