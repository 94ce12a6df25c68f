"""The API's back-orders: the same agreement as the checkout's, and the
back-ordered units on each order line."""

from ordering.orders.models import Order
from ordering.stock.models import StockLevel
from tests.ordering.factories import stocked
from tests.portal.test_api import API, api_client, post_order

PAYLOAD = {"lines": [{"reference": "FLT-API", "quantity": 8}]}


def test_an_order_agreeing_to_a_back_order_reserves_what_is_there(
    buyer, delivery_address
):
    product = stocked(reference="FLT-API", on_hand=5)
    client = api_client(buyer)

    response = post_order(client, {**PAYLOAD, "shipping_preference": "as_available"})

    assert response.status_code == 201
    body = response.json()
    assert body["shipping_preference"] == "as_available"
    assert body["has_backorder"] is True
    assert [
        (li["reference"], li["quantity"], li["quantity_backordered"])
        for li in body["lines"]
    ] == [("FLT-API", 8, 3)]
    level = StockLevel.objects.get(product=product)
    assert (level.on_hand, level.reserved) == (5, 5)
    listed = client.get(f"{API}/orders").json()["items"]
    assert [(o["number"], o["has_backorder"]) for o in listed] == [
        (body["number"], True)
    ]
    again = client.get(f"{API}/orders/{body['number']}").json()
    assert again["lines"][0]["quantity_backordered"] == 3


def test_without_the_choice_a_shortage_is_still_a_409(buyer, delivery_address):
    stocked(reference="FLT-API", on_hand=5)

    response = post_order(api_client(buyer), PAYLOAD)

    assert response.status_code == 409
    assert response.json()["shortages"][0]["available"] == 5
    assert not Order.objects.exists()


def test_an_unknown_choice_is_refused_before_anything_happens(buyer, delivery_address):
    stocked(reference="FLT-API", on_hand=5)

    response = post_order(api_client(buyer), {**PAYLOAD, "shipping_preference": "soon"})

    assert response.status_code == 422
    assert not Order.objects.exists()


def test_an_order_with_everything_in_stock_has_no_back_order(buyer, delivery_address):
    stocked(reference="FLT-API", on_hand=50)

    body = post_order(
        api_client(buyer), {**PAYLOAD, "shipping_preference": "together"}
    ).json()

    assert body["has_backorder"] is False
    assert body["lines"][0]["quantity_backordered"] == 0
