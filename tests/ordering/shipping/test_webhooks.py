"""Carriers push tracking events, signed with the secret Oxyplus shares with them."""

import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from ordering.orders.models import Order
from ordering.shipping import services as shipping_services
from ordering.shipping.models import Shipment, TrackingEvent
from tests.ordering.factories import CarrierFactory, placed_order

PICKED_UP = {
    "id": "ev-1",
    "occurred_at": "2026-03-02T08:15:00+01:00",
    "status": "picked_up",
    "location": "Lyon PFC",
    "description": "Colis pris en charge",
}
DELIVERED = {
    "id": "ev-2",
    "occurred_at": "2026-03-03T11:40:00+01:00",
    "status": "delivered",
    "location": "Lyon 3e",
    "description": "Colis livré",
}
IN_TRANSIT = {
    "id": "ev-3",
    "occurred_at": "2026-03-02T21:00:00+01:00",
    "status": "in_transit",
    "location": "Saint-Priest",
    "description": "En cours d'acheminement",
}


@pytest.fixture
def carrier(db):
    return CarrierFactory(code="colissimo", webhook_secret="carrier-test-secret")


@pytest.fixture
def shipment(organisation, buyer, agent, filter_cartridge, delivery, carrier):
    """An on-account order of two cartridges, shipped whole with one parcel."""
    organisation.may_order_on_account = True
    organisation.save()
    order = placed_order(buyer, [(filter_cartridge, 2)], key="k1", delivery=delivery)
    return shipping_services.shipment_create(
        order=order, carrier=carrier, tracking_number="6A123", by=agent
    )


def push(client, payload, *, code="colissimo", key=b"carrier-test-secret", **kw):
    """POST ``payload`` signed with ``key``; ``body``/``headers`` override."""
    body = json.dumps(payload).encode()
    signature = hmac.new(key, body, hashlib.sha256).hexdigest()
    headers = kw.get("headers", {"X-Carrier-Signature": f"sha256={signature}"})
    return client.post(
        reverse("carrier_webhook", args=[code]),
        kw.get("body", body),
        content_type="application/json",
        headers=headers,
    )


def test_signed_events_are_stored_and_delivery_closes_the_order(
    client, buyer, shipment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = push(
            client, {"tracking_number": "6A123", "events": [PICKED_UP, DELIVERED]}
        )

    assert response.status_code == 200
    assert response.json() == {"stored": 2, "duplicates": 0}
    assert list(
        shipment.tracking_events.values_list("status", "location", "description")
    ) == [
        ("delivered", "Lyon 3e", "Colis livré"),
        ("picked_up", "Lyon PFC", "Colis pris en charge"),
    ]
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED
    assert shipment.delivered_at == datetime(2026, 3, 3, 10, 40, tzinfo=UTC)
    order = shipment.order
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    (email,) = mail.outbox
    assert email.to == [buyer.email]
    assert order.number in email.subject
    assert f"/reseller/orders/{order.number}/" in email.body


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Carrier-Signature": ""},
        {"X-Carrier-Signature": "sha256=" + "0" * 64},
        {"X-Carrier-Signature": "md5=abc"},
    ],
    ids=["missing", "empty", "wrong", "other scheme"],
)
def test_an_unsigned_or_badly_signed_push_is_refused(client, shipment, headers):
    response = push(
        client, {"tracking_number": "6A123", "events": [DELIVERED]}, headers=headers
    )

    assert response.status_code == 400
    assert "signature" in response.json()["error"].lower()
    assert not TrackingEvent.objects.exists()
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT


def test_a_push_signed_with_another_secret_or_altered_is_refused(client, shipment):
    payload = {"tracking_number": "6A123", "events": [DELIVERED]}
    forged = push(client, payload, key=b"guessed")
    body = json.dumps(payload).encode()
    good = hmac.new(b"carrier-test-secret", body, hashlib.sha256).hexdigest()
    altered = push(
        client,
        payload,
        body=body.replace(b"6A123", b"6A999"),
        headers={"X-Carrier-Signature": f"sha256={good}"},
    )

    assert forged.status_code == altered.status_code == 400
    assert not TrackingEvent.objects.exists()


def test_a_carrier_without_a_secret_cannot_push(client, shipment, carrier):
    carrier.webhook_secret = ""
    carrier.save()

    response = push(
        client, {"tracking_number": "6A123", "events": [DELIVERED]}, key=b""
    )

    assert response.status_code == 400
    assert not TrackingEvent.objects.exists()


def test_an_event_sent_twice_is_stored_once(client, shipment):
    payload = {"tracking_number": "6A123", "events": [PICKED_UP, PICKED_UP]}
    first = push(client, payload)
    again = push(client, {"tracking_number": "6A123", "events": [PICKED_UP]})

    assert first.json() == {"stored": 1, "duplicates": 1}
    assert again.json() == {"stored": 0, "duplicates": 1}
    assert shipment.tracking_events.count() == 1


def test_a_late_in_transit_event_does_not_undo_the_delivery(client, shipment):
    push(client, {"tracking_number": "6A123", "events": [DELIVERED]})

    response = push(client, {"tracking_number": "6A123", "events": [IN_TRANSIT]})

    assert response.json() == {"stored": 1, "duplicates": 0}
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED
    assert shipment.order.status == Order.Status.DELIVERED
    # The parcel's history reads in time order, delivery last.
    assert shipment.tracking_events.first().status == TrackingEvent.Status.DELIVERED


def test_an_unknown_tracking_number_is_not_found(client, shipment):
    other = CarrierFactory(code="chronopost", name="Chronopost", webhook_secret="c2")

    unknown = push(client, {"tracking_number": "6A999", "events": [DELIVERED]})
    other_carriers = push(
        client,
        {"tracking_number": "6A123", "events": [DELIVERED]},
        code=other.code,
        key=b"c2",
    )

    assert unknown.status_code == other_carriers.status_code == 404
    assert "6A999" in unknown.json()["error"]
    assert not TrackingEvent.objects.exists()


def test_an_unknown_carrier_is_not_found(client, shipment):
    response = push(
        client, {"tracking_number": "6A123", "events": [DELIVERED]}, code="dhl"
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"status": "lost_in_space"}, "events[1].status 'lost_in_space'"),
        ({"occurred_at": "2026-03-03T11:40:00"}, "events[1].occurred_at"),
        ({"occurred_at": "yesterday"}, "events[1].occurred_at"),
        ({"id": ""}, "events[1].id is required"),
    ],
)
def test_an_invalid_event_refuses_the_whole_push_and_says_why(
    client, shipment, change, expected
):
    payload = {"tracking_number": "6A123", "events": [PICKED_UP, DELIVERED | change]}

    response = push(client, payload)

    assert response.status_code == 400
    assert expected in response.json()["error"]
    assert not TrackingEvent.objects.exists()  # not even the valid first event
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT


def test_a_body_that_is_not_json_is_refused(client, shipment):
    body = b"tracking_number=6A123"
    signature = hmac.new(b"carrier-test-secret", body, hashlib.sha256).hexdigest()

    response = push(
        client,
        None,
        body=body,
        headers={"X-Carrier-Signature": f"sha256={signature}"},
    )

    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


def push_raw(client, body: bytes):
    """POST any body, signed with the carrier's secret."""
    signature = hmac.new(b"carrier-test-secret", body, hashlib.sha256).hexdigest()
    return push(
        client, None, body=body, headers={"X-Carrier-Signature": f"sha256={signature}"}
    )


def test_a_body_nested_10_000_deep_is_refused(client, shipment):
    response = push_raw(client, b"[" * 10_000 + b"]" * 10_000)

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]


@pytest.mark.parametrize(
    "payload, expected",
    [
        ({"tracking_number": "6A\u0000123", "events": []}, "NUL"),
        ({"tracking_number": "\ud800", "events": []}, "lone surrogate"),
        (
            {"tracking_number": "6A123", "events": [PICKED_UP | {"id": "ev\x00"}]},
            "events[0].id holds a NUL",
        ),
        (
            {
                "tracking_number": "6A123",
                "events": [PICKED_UP | {"location": "L" * 121}],
            },
            "events[0].location is longer than 120",
        ),
        ({"tracking_number": ["6A123"], "events": []}, "must be a string"),
        ({"tracking_number": "6A123", "events": {"0": PICKED_UP}}, "must be a list"),
        ({"tracking_number": "6A123", "events": [PICKED_UP] * 201}, "in parts"),
    ],
)
def test_a_push_of_the_wrong_shape_is_refused_and_changes_nothing(
    client, shipment, payload, expected
):
    response = push(client, payload)

    assert response.status_code == 400
    assert expected in response.json()["error"]
    assert not TrackingEvent.objects.exists()


def test_a_body_over_the_upload_limit_is_refused(client, shipment, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    events = [PICKED_UP | {"description": "x" * 200, "id": f"ev-{n}"} for n in range(9)]

    response = push(client, {"tracking_number": "6A123", "events": events})

    assert response.status_code == 400
    assert not TrackingEvent.objects.exists()
