"""Staff and back-orders in the Wagtail admin: the stock receipt serves them
first; a ship-together order cannot be shipped before it is complete."""

from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ordering.orders.models import Order
from ordering.shipping.models import Shipment
from ordering.stock.models import StockLevel
from tests.ordering.factories import CarrierFactory, placed_order, stocked


@pytest.fixture
def waiting_order(buyer, organisation):
    """Twelve ordered, ten on the shelf, to ship together."""
    organisation.may_order_on_account = True
    organisation.save()
    product = stocked(on_hand=10, reference="CAR-AQP-01")
    return placed_order(
        buyer,
        [(product, 12)],
        key="k",
        shipping_preference=Order.ShippingPreference.TOGETHER,
    )


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def test_shipping_a_ship_together_order_before_it_is_complete_is_refused(
    agent_client, waiting_order
):
    response = agent_client.post(
        reverse("shipment:add"),
        {
            "order_number": waiting_order.number,
            "carrier": CarrierFactory().pk,
            "tracking_number": "6A1",
        },
    )
    body = unescape(response.content.decode())
    assert response.status_code == 200
    assert (
        f"La commande {waiting_order.number} part complète, comme l’acheteur "
        "l’a demandé\u00a0: 2 × CAR-AQP-01 attendent encore du stock." in body
    )
    assert not Shipment.objects.exists()


def test_a_receipt_in_the_admin_serves_the_back_order_then_it_ships(
    agent_client, waiting_order
):
    level = StockLevel.objects.get()
    page = agent_client.get(reverse("stock_receipt"), {"stock_level": level.pk})
    assert page.status_code == 200

    response = agent_client.post(
        reverse("stock_receipt"), {"stock_level": level.pk, "quantity": 5}
    )

    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        f"5 unités de {level.product.reference} reçues ({level.warehouse.name})\u00a0: "
        "2 réservées pour 1 commande en reliquat, le reste est disponible."
    ]
    level.refresh_from_db()
    assert (level.on_hand, level.reserved, level.available) == (15, 12, 3)
    assert waiting_order.lines.get().quantity_backordered == 0
    shipped = agent_client.post(
        reverse("shipment:add"),
        {
            "order_number": waiting_order.number,
            "carrier": CarrierFactory().pk,
            "tracking_number": "6A2",
        },
    )
    assert shipped.status_code == 302
    waiting_order.refresh_from_db()
    assert waiting_order.status == Order.Status.SHIPPED


def test_a_receipt_of_no_units_is_a_form_error(agent_client, waiting_order):
    level = StockLevel.objects.get()
    response = agent_client.post(
        reverse("stock_receipt"), {"stock_level": level.pk, "quantity": 0}
    )
    assert response.status_code == 200
    level.refresh_from_db()
    assert level.on_hand == 10


def test_only_those_who_fulfil_orders_record_receipts(client, editor, waiting_order):
    client.force_login(editor)
    level = StockLevel.objects.get()
    response = client.post(
        reverse("stock_receipt"), {"stock_level": level.pk, "quantity": 5}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    level.refresh_from_db()
    assert level.on_hand == 10
