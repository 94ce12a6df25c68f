"""Back-orders on the reseller pages: the cart says what ships now and when
the rest is expected, the checkout asks how to ship, the order page and the
orders list show what still waits for stock (in French, the default)."""

from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ordering.orders import services
from ordering.orders.models import Order
from ordering.stock.models import StockLevel
from tests.ordering.factories import ProductFactory, placed_order, stocked

AS_AVAILABLE = Order.ShippingPreference.AS_AVAILABLE


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


def _short(reference: str, *, on_hand: int = 10, restock: date | None = None):
    product = stocked(ProductFactory(reference=reference), on_hand=on_hand)
    StockLevel.objects.filter(product=product).update(restock_date=restock)
    return product


def _page(client, name="cart", *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return unescape(response.content.decode())


def _checkout(client, delivery_address, **extra):
    return client.post(
        reverse("checkout"),
        {
            "submission_key": "bo-1",
            "address": delivery_address.pk,
            "payment_method": Order.PaymentMethod.ON_ACCOUNT,
            **extra,
        },
    )


def test_the_cart_says_what_ships_now_and_when_the_rest_is_expected(
    buyer_client, buyer, delivery_address
):
    dated = _short("FLT-DATED", restock=date(2031, 3, 4))
    undated = _short("FLT-UNDATED", on_hand=0)
    services.cart_add(user=buyer, product=dated, quantity=25)
    services.cart_add(user=buyer, product=undated, quantity=4)

    body = _page(buyer_client)

    assert "10 peuvent partir maintenant" in body
    assert "15 attendues le 4 mars 2031" in body
    assert "Rien ne peut partir maintenant" in body
    assert "4 en reliquat, date inconnue" in body
    assert 'name="shipping_preference" value="as_available"' in body
    assert 'name="shipping_preference" value="together"' in body
    assert "Expédier le disponible maintenant, le reste à son arrivée" in body


def test_a_cart_with_everything_in_stock_asks_nothing(buyer_client, buyer):
    services.cart_add(user=buyer, product=stocked(on_hand=50), quantity=5)

    body = _page(buyer_client)

    assert 'name="shipping_preference"' not in body
    assert "reliquat" not in body


def test_the_buyer_chooses_ship_what_is_available_and_sees_the_back_order(
    buyer_client, buyer, delivery_address
):
    product = _short("FLT-DATED", restock=date(2031, 3, 4))
    services.cart_add(user=buyer, product=product, quantity=25)

    response = _checkout(
        buyer_client, delivery_address, shipping_preference=AS_AVAILABLE
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("order_detail", args=[order.number])
    assert order.shipping_preference == AS_AVAILABLE
    assert order.lines.get().quantity_backordered == 15
    detail = _page(buyer_client, "order_detail", order.number)
    assert "15 unités attendent du stock." in detail
    assert "attendu le 4 mars 2031" in detail
    assert "le disponible part maintenant" in detail
    listing = _page(buyer_client, "orders")
    assert 'class="badge badge--warning"' in listing and "Reliquat" in listing


def test_without_a_choice_a_shortage_refuses_and_then_offers_the_choice(
    buyer_client, buyer, delivery_address
):
    product = _short("FLT-DATED")
    services.cart_add(user=buyer, product=product, quantity=25)

    response = _checkout(buyer_client, delivery_address)

    body = unescape(response.content.decode())
    assert response.status_code == 409
    assert "10 disponible" in body  # the refusal of always
    assert "Choisissez comment expédier" in body
    assert 'name="shipping_preference" value="as_available"' in body
    assert not Order.objects.exists()
    assert StockLevel.objects.get(product=product).reserved == 0


def test_the_order_page_of_a_complete_order_shows_no_back_order(
    buyer_client, buyer, delivery_address
):
    order = placed_order(buyer, [(stocked(on_hand=50), 2)])

    body = _page(buyer_client, "order_detail", order.number)

    assert "Reliquat" not in body and "Mode d’expédition" not in body


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["cart", "orders", "order_detail"])
def test_back_orders_cost_no_query_per_line(
    page, buyer_client, buyer, delivery_address, django_assert_max_num_queries
):
    def grow(n, prefix):
        for i in range(n):
            product = _short(f"{prefix}-{i}", on_hand=1, restock=date(2031, 3, 4))
            services.cart_add(user=buyer, product=product, quantity=3)
        order = placed_order(buyer, key=f"{prefix}-key", shipping_preference="together")
        for i in range(n):  # the cart keeps short lines for the cart page
            services.cart_add(
                user=buyer, product=order.lines.all()[i].product, quantity=5
            )
        return order

    def measure(order):
        url = {
            "cart": reverse("cart"),
            "orders": reverse("orders"),
            "order_detail": reverse("order_detail", args=[order.number]),
        }[page]
        return _queries(buyer_client, url)

    small = measure(grow(2, "S"))
    for batch in range(2):
        order = grow(6, f"L{batch}")
    large = measure(order)
    assert large == small
    with django_assert_max_num_queries(16):
        measure(order)
