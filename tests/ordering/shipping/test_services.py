"""Shipments take units out of stock; tracking events are stored once."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from ordering.orders import services
from ordering.orders.models import Order
from ordering.shipping import services as shipping_services
from ordering.shipping.models import Shipment, TrackingEvent
from ordering.stock.models import StockReservation
from tests.ordering.factories import (
    CarrierFactory,
    ProductFactory,
    placed_order,
    stocked,
)
from tests.ordering.helpers import level_of, timeline_statuses

Status = Order.Status
ON_ACCOUNT = Order.PaymentMethod.ON_ACCOUNT
CARD = Order.PaymentMethod.CARD


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English; French is the site's default."""
    with translation.override("en"):
        yield


# --- Shipments ----------------------------------------------------------------


def test_a_shipment_ships_everything_left_by_default(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 3)])

    shipment = shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number=" 6A 123 456 ", by=agent
    )

    order.refresh_from_db()
    assert order.status == Status.SHIPPED
    assert shipment.tracking_number == "6A123456"
    assert shipment.lines.get().quantity == 3
    assert order.lines.get().quantity_shipped == 3
    level = level_of(cartridge)
    assert (level.on_hand, level.reserved) == (7, 0)
    assert not StockReservation.objects.exists()
    assert timeline_statuses(order) == [
        Status.PLACED,
        Status.CONFIRMED,
        Status.PREPARING,
        Status.SHIPPED,
    ]
    assert order.events.last().actor == agent


def test_a_partial_shipment_then_the_rest(agent, buyer, on_account, cartridge):
    lamp = stocked(ProductFactory(reference="LMP-UV20"), on_hand=4)
    services.cart_add(user=buyer, product=cartridge, quantity=5)
    services.cart_add(user=buyer, product=lamp, quantity=2)
    order = placed_order(buyer)
    cartridge_line = order.lines.get(product=cartridge)
    carrier = CarrierFactory()

    shipping_services.shipment_create(
        order=order,
        carrier=carrier,
        tracking_number="PARCEL-1",
        quantities={cartridge_line.pk: 2},
        by=agent,
    )

    order.refresh_from_db()
    assert order.status == Status.PARTIALLY_SHIPPED
    assert (level_of(cartridge).on_hand, level_of(cartridge).reserved) == (
        8,
        3,
    )
    assert (level_of(lamp).on_hand, level_of(lamp).reserved) == (4, 2)

    second = shipping_services.shipment_create(
        order=order, carrier=carrier, tracking_number="PARCEL-2", by=agent
    )

    order.refresh_from_db()
    assert order.status == Status.SHIPPED
    assert {(sl.order_line.product, sl.quantity) for sl in second.lines.all()} == {
        (cartridge, 3),
        (lamp, 2),
    }
    assert (level_of(cartridge).on_hand, level_of(cartridge).reserved) == (
        5,
        0,
    )
    assert (level_of(lamp).on_hand, level_of(lamp).reserved) == (2, 0)


def test_shipping_more_than_ordered_is_refused_and_changes_nothing(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 3)])
    line = order.lines.get()

    with pytest.raises(shipping_services.ShipmentError, match="FLT-100"):
        shipping_services.shipment_create(
            order=order,
            carrier=CarrierFactory(),
            tracking_number="PARCEL-1",
            quantities={line.pk: 4},
            by=agent,
        )

    order.refresh_from_db()
    assert order.status == Status.CONFIRMED
    assert not Shipment.objects.exists()
    assert (level_of(cartridge).on_hand, level_of(cartridge).reserved) == (
        10,
        3,
    )


def test_a_card_order_awaiting_payment_cannot_ship(
    agent, buyer, organisation, cartridge, card_payments
):
    order = placed_order(buyer, [(cartridge, 3)], payment_method=CARD)
    with pytest.raises(services.IllegalTransitionError):
        shipping_services.shipment_create(
            order=order, carrier=CarrierFactory(), tracking_number="P-1", by=agent
        )
    order.refresh_from_db()
    assert order.status == Status.PLACED
    assert not Shipment.objects.exists()
    assert (level_of(cartridge).on_hand, level_of(cartridge).reserved) == (
        10,
        3,
    )


def test_a_tracking_number_is_recorded_once_per_carrier(
    agent, buyer, on_account, cartridge
):
    colissimo = CarrierFactory()
    first = placed_order(buyer, [(cartridge, 1)])
    second = placed_order(buyer, [(cartridge, 1)])
    shipping_services.shipment_create(
        order=first, carrier=colissimo, tracking_number="6A123", by=agent
    )

    with pytest.raises(shipping_services.ShipmentError, match="6A123"):
        shipping_services.shipment_create(
            order=second, carrier=colissimo, tracking_number="6A 123", by=agent
        )
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED
    assert level_of(cartridge).reserved == 1

    # Another carrier's numbering is its own.
    chronopost = CarrierFactory(code="chronopost", name="Chronopost")
    shipping_services.shipment_create(
        order=second, carrier=chronopost, tracking_number="6A123", by=agent
    )


def test_the_tracking_link_follows_the_carrier_pattern(
    agent, buyer, on_account, cartridge
):
    carrier = CarrierFactory(
        code="dpd",
        name="DPD",
        tracking_url_pattern="https://tracking.dpd.test/parcel/{number}?lang=fr",
    )
    order = placed_order(buyer, [(cartridge, 3)])
    shipment = shipping_services.shipment_create(
        order=order, carrier=carrier, tracking_number="AB/12", by=agent
    )
    assert shipment.tracking_url == "https://tracking.dpd.test/parcel/AB%2F12?lang=fr"


def test_the_shipping_email_leaves_after_the_commit(
    agent, buyer, on_account, cartridge, django_capture_on_commit_callbacks
):
    on_account.email = "commandes@aqua-lyon.test"
    on_account.save()
    order = placed_order(buyer, [(cartridge, 3)])

    with django_capture_on_commit_callbacks() as callbacks:
        shipping_services.shipment_create(
            order=order, carrier=CarrierFactory(), tracking_number="6A123", by=agent
        )
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([buyer.email, "commandes@aqua-lyon.test"])
    assert order.number in message.subject
    assert "6A123" in message.body
    assert "https://www.laposte.fr/outils/suivre-vos-envois?code=6A123" in message.body


def test_a_refused_shipment_sends_no_email(
    agent, buyer, on_account, cartridge, django_capture_on_commit_callbacks
):
    order = placed_order(buyer, [(cartridge, 3)])
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(shipping_services.ShipmentError),
    ):
        shipping_services.shipment_create(
            order=order,
            carrier=CarrierFactory(),
            tracking_number="6A123",
            quantities={order.lines.get().pk: 9},
            by=agent,
        )
    assert mail.outbox == []


def test_a_resent_tracking_event_is_stored_once(agent, buyer, on_account, cartridge):
    order = placed_order(buyer, [(cartridge, 3)])
    shipment = shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6A123", by=agent
    )
    at = timezone.now()
    event, created = shipping_services.tracking_event_record(
        shipment=shipment,
        occurred_at=at,
        status=TrackingEvent.Status.IN_TRANSIT,
        location="Plateforme de Corbas",
        carrier_event_id="evt-1",
    )
    again, created_again = shipping_services.tracking_event_record(
        shipment=shipment,
        occurred_at=at,
        status=TrackingEvent.Status.IN_TRANSIT,
        location="Plateforme de Corbas",
        carrier_event_id="evt-1",
    )
    assert (created, created_again) == (True, False)
    assert again.pk == event.pk
    assert shipment.tracking_events.count() == 1


def test_the_order_is_delivered_when_every_parcel_arrived(
    agent, buyer, on_account, cartridge, django_capture_on_commit_callbacks
):
    order = placed_order(buyer, [(cartridge, 5)])
    carrier = CarrierFactory()
    first = shipping_services.shipment_create(
        order=order,
        carrier=carrier,
        tracking_number="PARCEL-1",
        quantities={order.lines.get().pk: 2},
        by=agent,
    )
    at = timezone.now()

    def delivered(shipment, event_id):
        with django_capture_on_commit_callbacks(execute=True):
            shipping_services.tracking_event_record(
                shipment=shipment,
                occurred_at=at,
                status=TrackingEvent.Status.DELIVERED,
                carrier_event_id=event_id,
            )
        order.refresh_from_db()
        shipment.refresh_from_db()

    delivered(first, "evt-1")
    # Three units have not even left yet.
    assert first.status == Shipment.Status.DELIVERED
    assert first.delivered_at == at
    assert order.status == Status.PARTIALLY_SHIPPED

    second = shipping_services.shipment_create(
        order=order, carrier=carrier, tracking_number="PARCEL-2", by=agent
    )
    order.refresh_from_db()
    assert order.status == Status.SHIPPED
    mail.outbox.clear()

    delivered(second, "evt-2")
    assert order.status == Status.DELIVERED
    assert timeline_statuses(order)[-1] == Status.DELIVERED
    assert len(mail.outbox) == 1

    delivered(second, "evt-2")  # the carrier sends it again
    assert order.status == Status.DELIVERED
    assert len(mail.outbox) == 1
    assert order.events.filter(status=Status.DELIVERED).count() == 1


def test_one_parcel_of_two_arriving_does_not_deliver_the_order(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 4)])
    carrier = CarrierFactory()
    line = order.lines.get()
    first = shipping_services.shipment_create(
        order=order,
        carrier=carrier,
        tracking_number="PARCEL-1",
        quantities={line.pk: 2},
        by=agent,
    )
    shipping_services.shipment_create(
        order=order, carrier=carrier, tracking_number="PARCEL-2", by=agent
    )
    shipping_services.tracking_event_record(
        shipment=first,
        occurred_at=timezone.now(),
        status=TrackingEvent.Status.DELIVERED,
        carrier_event_id="evt-1",
    )
    order.refresh_from_db()
    assert order.status == Status.SHIPPED
