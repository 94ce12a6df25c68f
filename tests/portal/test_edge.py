"""The edge every request crosses (``portal.middleware.PortalInputMiddleware``
and ``portal.redirects``): characters a database cannot store never reach a
view, oversized query strings are refused with a page that says why, and a
``next`` is followed only to a path on this site.

The NUL cases matter on PostgreSQL, where a NUL in a query raised
``DataError`` (a server error); run them there too (``DATABASE_URL``).
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.network.models import ApiToken, Role, User
from accounts.network.services import invitation_create
from ordering.orders.models import CartLine
from tests.ordering.factories import placed_order, stocked


@pytest.fixture
def buyer_client(buyer, delivery_address):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(buyer)
    return client


def test_a_nul_in_the_order_search_is_dropped(buyer_client, buyer):
    placed_order(buyer, [stocked()], key="a", end_customer_name="Mme Girard")
    placed_order(buyer, [stocked()], key="b", end_customer_name="M. Petit")

    response = buyer_client.get(reverse("orders"), {"q": "Gir\x00ard"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Mme Girard" in body and "M. Petit" not in body


@pytest.mark.parametrize("query", ["E1%002", "%00", "%ED%A0%80", "%FF%FE"])
def test_the_header_search_takes_any_bytes(buyer_client, query):
    response = buyer_client.get(f"{reverse('search')}?q={query}")

    assert response.status_code == 200


def test_a_path_holding_a_nul_names_no_page(buyer_client, buyer):
    order = placed_order(buyer, [stocked()], key="a", end_customer_name="Mme Girard")

    response = buyer_client.get(f"/reseller/orders/{order.number}%00/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_nul_in_a_form_value_is_dropped_before_it_is_saved(buyer_client, buyer):
    response = buyer_client.post(reverse("api_tokens"), {"name": "Caisse\x00 1"})

    # The new token's secret is shown on the answer itself, under its name.
    assert response.status_code == 200
    assert "Caisse 1" in response.content.decode()
    assert ApiToken.objects.get(user=buyer).name == "Caisse 1"


def test_an_oversized_query_string_is_refused_with_a_clear_page(buyer_client):
    response = buyer_client.get(reverse("orders"), {"q": "x" * 10_000})

    assert response.status_code == 400
    body = response.content.decode()
    assert "The address of this page is too long (8192 characters at most)" in body
    assert "Orders" in body, "the page keeps the person's own header"


def test_a_long_search_within_the_limit_is_answered(buyer_client):
    response = buyer_client.get(reverse("orders"), {"q": "x" * 2000})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "target",
    ["//evil.test/", "https://evil.test/", "not-a-path", "javascript:alert(1)"],
)
def test_adding_to_the_cart_ignores_a_next_that_is_not_a_local_path(
    buyer_client, buyer, target
):
    product = stocked()

    response = buyer_client.post(
        reverse("cart_add"), {"product": product.pk, "quantity": 1, "next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("stock")
    assert CartLine.objects.get(cart__user=buyer).product == product


def test_adding_to_the_cart_goes_back_to_a_local_next(buyer_client):
    product = stocked()
    back = reverse("stock") + "?q=CART"

    response = buyer_client.post(
        reverse("cart_add"), {"product": product.pk, "quantity": 1, "next": back}
    )

    assert response["Location"] == back


def test_the_quick_order_box_is_bounded(buyer_client, buyer):
    response = buyer_client.post(
        reverse("quick_order"), {"lines": "CART-0001;1\n" * 20_000}
    )

    assert response.status_code == 400
    assert "at most 200000 characters" in response.content.decode()
    assert not CartLine.objects.filter(cart__user=buyer).exists()


def test_a_password_longer_than_128_characters_is_refused_with_a_message(
    owner, organisation
):
    _invitation, token = invitation_create(
        organisation=organisation,
        email="colleague@example.test",
        role=Role.TECHNICIAN,
        invited_by=owner,
    )
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    password = "Correct-horse-" * 10

    response = client.post(
        reverse("invitation_accept", args=[token]),
        {
            "first_name": "Inès",
            "last_name": "Lambert",
            "password1": password,
            "password2": password,
        },
    )

    assert response.status_code == 400
    assert "at most 128 characters" in response.content.decode()
    assert not User.objects.filter(email="colleague@example.test").exists()
