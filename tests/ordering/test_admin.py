"""Staff screens in the Wagtail admin: orders, shipments, stock."""

from html import unescape

import pytest
from django.urls import reverse

from ordering.orders import services
from ordering.orders.models import Order
from ordering.shipping.models import Shipment
from ordering.stock.models import StockLevel
from tests.ordering.factories import CarrierFactory, placed_order, stocked


@pytest.fixture
def confirmed_order(buyer, organisation):
    organisation.may_order_on_account = True
    organisation.save()
    product = stocked(on_hand=10, reference="CAR-AQP-01")
    return placed_order(buyer, [(product, 4)], key="k")


@pytest.fixture
def staff_client(client, manager):
    client.force_login(manager)
    return client


def test_admin_lists_render(staff_client, confirmed_order):
    for name in [
        "order:index",
        "shipment:index",
        "stocklevel:index",
        "product:index",
        "pricelist:index",
        "warehouse:index",
        "carrier:index",
    ]:
        assert staff_client.get(reverse(name)).status_code == 200, name


def test_staff_change_status_through_the_transition_map(staff_client, confirmed_order):
    url = reverse("order:edit", args=[confirmed_order.pk])

    illegal = staff_client.post(url, {"status": Order.Status.DELIVERED})
    confirmed_order.refresh_from_db()
    assert illegal.status_code == 200
    refusal = services.IllegalTransitionError(confirmed_order, Order.Status.DELIVERED)
    assert str(refusal) in unescape(illegal.content.decode())
    assert confirmed_order.status == Order.Status.CONFIRMED

    staff_client.post(url, {"status": Order.Status.PREPARING})
    confirmed_order.refresh_from_db()
    assert confirmed_order.status == Order.Status.PREPARING
    assert confirmed_order.events.last().actor.email == "manager@oxyplus.test"


def test_admin_shipment_ships_the_order_and_takes_stock_out(
    staff_client, confirmed_order, mailoutbox, django_capture_on_commit_callbacks
):
    carrier = CarrierFactory()
    add = reverse("shipment:add")
    assert (
        confirmed_order.number
        in staff_client.get(add, {"order": confirmed_order.number}).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            add,
            {
                "order_number": confirmed_order.number,
                "carrier": carrier.pk,
                "tracking_number": "6A 1234 5678",
                "quantities": "car-aqp-01;3",
            },
        )

    assert response.status_code == 302
    shipment = Shipment.objects.get()
    assert shipment.tracking_number == "6A12345678"
    confirmed_order.refresh_from_db()
    assert confirmed_order.status == Order.Status.PARTIALLY_SHIPPED
    level = StockLevel.objects.get()
    assert (level.on_hand, level.reserved) == (7, 1)
    assert [m.to for m in mailoutbox] == [[confirmed_order.contact_email]]
    assert "6A12345678" in mailoutbox[0].body


def test_admin_shipment_refusal_is_a_form_error(staff_client, confirmed_order):
    response = staff_client.post(
        reverse("shipment:add"),
        {
            "order_number": confirmed_order.number,
            "carrier": CarrierFactory().pk,
            "tracking_number": "6A1",
            "quantities": "CAR-AQP-01;9",
        },
    )
    assert response.status_code == 200
    assert not Shipment.objects.exists()
    assert StockLevel.objects.get().reserved == 4


def test_stock_count_cannot_go_below_reserved(staff_client, confirmed_order):
    level = StockLevel.objects.get()
    response = staff_client.post(
        reverse("stocklevel:edit", args=[level.pk]),
        {"product": level.product_id, "warehouse": level.warehouse_id, "on_hand": 2},
    )
    level.refresh_from_db()
    assert response.status_code == 200
    assert level.on_hand == 10
