"""Card payments through the real stripe library, against a local fake Stripe."""

import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from ordering.orders import services
from ordering.orders.models import Order
from ordering.payments import stripe as payments
from ordering.payments.models import Payment, StripeEvent
from ordering.payments.tasks import payment_refund
from ordering.stock.models import StockLevel
from tests.ordering.factories import placed_order
from tests.ordering.stripe_fake import signed_webhook, stripe_event

SUCCESS_URL = "https://portal.test/reseller/orders/x/?payment=done"
CANCEL_URL = "https://portal.test/reseller/orders/x/"


@pytest.fixture
def card_order(buyer, filter_cartridge, delivery, stripe_fake):
    """Two cartridges: 2 × 24.90 = 49.80 + 9.96 VAT = 59.76 €, by card."""
    return placed_order(
        buyer,
        [(filter_cartridge, 2)],
        key="k1",
        payment_method=Order.PaymentMethod.CARD,
        delivery=delivery,
    )


@pytest.fixture
def session_id(card_order, stripe_fake):
    """The buyer clicked "Pay by card": a Checkout Session is open."""
    payments.checkout_start(
        order=card_order, success_url=SUCCESS_URL, cancel_url=CANCEL_URL
    )
    (session_id,) = stripe_fake.sessions
    return session_id


def send(client, settings, event: dict, *, secret=None):
    body, header = signed_webhook(event, secret or settings.STRIPE_WEBHOOK_SECRET)
    return client.post(
        reverse("stripe_webhook"),
        body,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )


def paid(client, settings, stripe_fake, session_id, event_id="evt_paid"):
    session = stripe_fake.complete_session(session_id)
    event = stripe_event("checkout.session.completed", session, event_id=event_id)
    response = send(client, settings, event)
    assert response.status_code == 200
    return session


def timeline(order: Order) -> list[tuple[str, str]]:
    return list(order.events.values_list("status", "note"))


def test_checkout_opens_a_session_for_the_order_total(card_order, stripe_fake):
    url = payments.checkout_start(
        order=card_order, success_url=SUCCESS_URL, cancel_url=CANCEL_URL
    )

    (request,) = stripe_fake.requests_to("POST", "/v1/checkout/sessions")
    assert request.headers["Authorization"] == "Bearer sk_test_portal"
    assert request.headers["Idempotency-Key"]
    assert request.params["mode"] == "payment"
    assert request.params["line_items[0][quantity]"] == "1"
    assert request.params["line_items[0][price_data][unit_amount]"] == "5976"
    assert request.params["line_items[0][price_data][currency]"] == "eur"
    assert request.params["client_reference_id"] == card_order.number
    assert request.params["metadata[order_number]"] == card_order.number
    assert request.params["success_url"] == SUCCESS_URL
    assert request.params["cancel_url"] == CANCEL_URL
    (session,) = stripe_fake.sessions.values()
    assert url == session["url"]
    payment = Payment.objects.get()
    assert payment.order == card_order
    assert payment.checkout_session_id == session["id"]
    assert payment.amount == Decimal("59.76")
    assert payment.status == Payment.Status.PENDING


def test_clicking_pay_twice_sends_the_payer_to_the_same_session(
    card_order, stripe_fake
):
    first = payments.checkout_start(
        order=card_order, success_url=SUCCESS_URL, cancel_url=CANCEL_URL
    )
    second = payments.checkout_start(
        order=card_order, success_url=SUCCESS_URL, cancel_url=CANCEL_URL
    )

    assert first == second
    assert len(stripe_fake.sessions) == 1
    assert Payment.objects.count() == 1


def test_a_signed_payment_event_marks_the_order_paid(
    client, settings, card_order, session_id, stripe_fake
):
    session = stripe_fake.complete_session(session_id)
    event = stripe_event("checkout.session.completed", session, event_id="evt_1")

    response = send(client, settings, event)

    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False}
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.payment_intent_id == session["payment_intent"]
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PAID
    assert timeline(card_order)[-1] == (Order.Status.PAID, "Card payment received")
    # The status came from Stripe itself, not from the event's copy.
    assert stripe_fake.requests_to(
        "GET", f"/v1/payment_intents/{session['payment_intent']}"
    )


def test_the_order_page_shows_where_the_card_payment_stands(
    client, settings, buyer, card_order, session_id, stripe_fake
):
    client.force_login(buyer)
    url = reverse("order_detail", args=[card_order.number])
    with translation.override("fr"):
        awaiting = str(Payment.Status.PENDING.label)
        received = str(Payment.Status.SUCCEEDED.label)
    assert f"— {awaiting}" in client.get(url).content.decode()

    paid(client, settings, stripe_fake, session_id)

    assert f"— {received}" in client.get(url).content.decode()


@pytest.mark.parametrize("tamper", ["wrong secret", "changed body", "no header"])
def test_an_event_with_a_bad_signature_changes_nothing(
    client, settings, card_order, session_id, stripe_fake, tamper
):
    session = stripe_fake.complete_session(session_id)
    event = stripe_event("checkout.session.completed", session)
    body, header = signed_webhook(
        event, "whsec_someone_else" if tamper == "wrong secret" else "whsec_test_portal"
    )
    if tamper == "changed body":
        body = body.replace(b'"livemode": false', b'"livemode": true ')
    headers = {} if tamper == "no header" else {"Stripe-Signature": header}

    response = client.post(
        reverse("stripe_webhook"),
        body,
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 400
    assert response.json()["error"]
    assert not StripeEvent.objects.exists()
    assert Payment.objects.get().status == Payment.Status.PENDING
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PLACED
    assert not stripe_fake.requests_to("GET", "/v1/payment_intents/")


def _signed_raw(body: bytes, secret: str) -> str:
    """The ``Stripe-Signature`` header for any body, JSON or not."""
    timestamp = int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def _malformed(session: dict) -> dict[str, bytes]:
    """Signed bodies that are not events of the shape Stripe sends."""

    def event(**changes) -> bytes:
        payload = stripe_event("checkout.session.completed", session)
        payload.update(changes)
        return json.dumps(payload).encode()

    no_data = stripe_event("checkout.session.completed", session)
    del no_data["data"]
    return {
        "no data": json.dumps(no_data).encode(),
        "data is a list": event(data=[session]),
        "object is a string": event(data={"object": session["id"]}),
        "id is a number": event(id=12),
        "id holds a NUL": event(id="evt_\x00"),
        "session id is an object": event(data={"object": {**session, "id": {}}}),
        "payment intent is a list": event(
            data={"object": {**session, "payment_intent": ["pi"]}}
        ),
        "a JSON list": b"[1, 2]",
        "not JSON": b"not json at all",
        "not UTF-8": b'{"id": "\xff"}',
        "nested 10 000 deep": b"[" * 10_000 + b"]" * 10_000,
    }


@pytest.mark.parametrize(
    "shape",
    [
        "no data",
        "data is a list",
        "object is a string",
        "id is a number",
        "id holds a NUL",
        "session id is an object",
        "payment intent is a list",
        "a JSON list",
        "not JSON",
        "not UTF-8",
        "nested 10 000 deep",
    ],
)
def test_a_signed_event_of_the_wrong_shape_answers_400_and_changes_nothing(
    client, settings, card_order, session_id, stripe_fake, shape
):
    session = stripe_fake.complete_session(session_id)
    body = _malformed(session)[shape]

    response = client.post(
        reverse("stripe_webhook"),
        body,
        content_type="application/json",
        headers={"Stripe-Signature": _signed_raw(body, "whsec_test_portal")},
    )

    assert response.status_code == 400
    assert response.json()["error"]
    assert not StripeEvent.objects.exists()
    assert Payment.objects.get().status == Payment.Status.PENDING
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PLACED


def test_a_refund_event_of_the_wrong_shape_changes_nothing(
    client, settings, card_order, session_id, stripe_fake
):
    paid(client, settings, stripe_fake, session_id)
    payment = Payment.objects.get()
    charge = {"id": "ch_1", "payment_intent": payment.payment_intent_id}

    response = send(
        client,
        settings,
        stripe_event("charge.refunded", {**charge, "refunded": "yes"}),
    )

    assert response.status_code == 400
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert StripeEvent.objects.count() == 1  # the payment's own event


def test_an_event_stripe_cannot_confirm_is_left_for_its_next_delivery(
    client, settings, card_order, session_id, stripe_fake
):
    session = stripe_fake.complete_session(session_id)
    event = stripe_event("checkout.session.completed", session, event_id="evt_1")
    intent = stripe_fake.intents.pop(session["payment_intent"])  # Stripe hiccups

    refused = send(client, settings, event)

    assert refused.status_code == 503
    assert not StripeEvent.objects.exists()
    assert Payment.objects.get().status == Payment.Status.PENDING

    stripe_fake.intents[intent["id"]] = intent
    assert send(client, settings, event).json() == {
        "received": True,
        "duplicate": False,
    }
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PAID


def test_a_replayed_event_is_applied_once(
    client, settings, card_order, session_id, stripe_fake
):
    session = stripe_fake.complete_session(session_id)
    event = stripe_event("checkout.session.completed", session, event_id="evt_1")
    send(client, settings, event)

    response = send(client, settings, event)

    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": True}
    assert StripeEvent.objects.filter(event_id="evt_1").count() == 1
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PAID
    assert timeline(card_order).count((Order.Status.PAID, "Card payment received")) == 1
    assert len(stripe_fake.requests_to("GET", "/v1/payment_intents/")) == 1


def test_events_out_of_order_never_undo_a_payment(
    client, settings, card_order, session_id, stripe_fake
):
    # A bank transfer: Checkout completes while the money is on its way.
    session = stripe_fake.complete_session(session_id, intent_status="processing")
    intent_id = session["payment_intent"]
    send(client, settings, stripe_event("checkout.session.completed", session))
    assert Payment.objects.get().status == Payment.Status.PROCESSING
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PLACED

    intent = stripe_fake.set_intent_status(intent_id, "succeeded")
    send(client, settings, stripe_event("payment_intent.succeeded", intent))
    # Stripe delivers the older "processing" event last.
    late = stripe_event("payment_intent.processing", {**intent, "status": "processing"})
    response = send(client, settings, late)

    assert response.status_code == 200
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PAID
    assert [s for s, _note in timeline(card_order) if s] == [
        Order.Status.PLACED,
        Order.Status.PAID,
    ]


def test_a_processing_event_read_after_the_payment_succeeded_marks_it_paid(
    client, settings, card_order, session_id, stripe_fake
):
    """The event says "processing" but Stripe says the money arrived."""
    session = stripe_fake.complete_session(session_id, intent_status="processing")
    stripe_fake.set_intent_status(session["payment_intent"], "succeeded")

    send(client, settings, stripe_event("checkout.session.completed", session))

    card_order.refresh_from_db()
    assert card_order.status == Order.Status.PAID


def test_an_expired_session_cancels_the_unpaid_order_and_frees_its_stock(
    client, settings, card_order, session_id, stripe_fake, filter_cartridge
):
    level = StockLevel.objects.get(product=filter_cartridge)
    assert (level.on_hand, level.reserved) == (100, 2)

    session = stripe_fake.expire_session(session_id)
    response = send(client, settings, stripe_event("checkout.session.expired", session))

    assert response.status_code == 200
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.CANCELLED
    assert timeline(card_order)[-1] == (
        Order.Status.CANCELLED,
        "Card payment not completed in time",
    )
    assert Payment.objects.get().status == Payment.Status.EXPIRED
    level.refresh_from_db()
    assert (level.on_hand, level.reserved) == (100, 0)
    with pytest.raises(payments.PaymentError):
        payments.checkout_start(
            order=card_order, success_url=SUCCESS_URL, cancel_url=CANCEL_URL
        )


def test_cancelling_a_paid_order_refunds_it_once(
    client,
    settings,
    buyer,
    card_order,
    session_id,
    stripe_fake,
    django_capture_on_commit_callbacks,
):
    session = paid(client, settings, stripe_fake, session_id)

    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(order=card_order, by=buyer, reason="Doublon")

    (request,) = stripe_fake.requests_to("POST", "/v1/refunds")
    assert request.params == {"payment_intent": session["payment_intent"]}
    (refund,) = stripe_fake.refunds.values()
    assert refund["amount"] == 5976
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refund_id == refund["id"]
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.CANCELLED
    assert timeline(card_order)[-1] == ("", "Card payment refunded")

    # The task runs again (a worker retry), Stripe reports the refund, and
    # the payment's older "succeeded" event arrives last.
    intent = stripe_fake.intents[session["payment_intent"]]
    charge = {
        "id": intent["latest_charge"],
        "object": "charge",
        "payment_intent": intent["id"],
        "refunded": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment_id=payment.pk)
        send(client, settings, stripe_event("charge.refunded", charge))
        send(client, settings, stripe_event("payment_intent.succeeded", intent))

    assert len(stripe_fake.requests_to("POST", "/v1/refunds")) == 1
    assert Payment.objects.get().status == Payment.Status.REFUNDED
    assert timeline(card_order).count(("", "Card payment refunded")) == 1


def test_a_payment_arriving_after_cancellation_is_refunded(
    client,
    settings,
    buyer,
    card_order,
    session_id,
    stripe_fake,
    django_capture_on_commit_callbacks,
):
    services.order_cancel(order=card_order, by=buyer)

    with django_capture_on_commit_callbacks(execute=True):
        session = paid(client, settings, stripe_fake, session_id)

    (request,) = stripe_fake.requests_to("POST", "/v1/refunds")
    assert request.params == {"payment_intent": session["payment_intent"]}
    assert Payment.objects.get().status == Payment.Status.REFUNDED
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.CANCELLED


def test_without_stripe_keys_there_is_no_card_payment(
    client, settings, buyer, filter_cartridge, delivery
):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert not payments.card_payments_enabled()
    services.cart_add(user=buyer, product=filter_cartridge, quantity=1)
    with pytest.raises(services.PaymentMethodError):
        services.order_place(
            user=buyer,
            submission_key="k1",
            payment_method=Order.PaymentMethod.CARD,
            delivery=delivery,
        )
    body, header = signed_webhook(stripe_event("charge.refunded", {}), "whsec_x")
    response = client.post(
        reverse("stripe_webhook"),
        body,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )
    assert response.status_code == 404
    assert not StripeEvent.objects.exists()
