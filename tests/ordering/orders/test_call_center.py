"""The call center's order for a customer on the phone: the parts of the
customer's appliances one keystroke away, a search for any other product,
prices incl. VAT and stock, totals, a summary, then one order placed."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ordering.orders.models import Order
from tests.accounts.factories import CustomerFactory, InstallationFactory
from tests.ordering.factories import (
    ApplianceFactory,
    CompatibilityFactory,
    ProductFactory,
    stocked,
)

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def customer(organisation):
    """A customer with an AquaPure 300 installed: a cartridge fits it."""
    customer = CustomerFactory(first_name="Noémie", last_name="Roux")
    appliance = ApplianceFactory(reference="AQP-300", name="AquaPure 300")
    InstallationFactory(
        customer=customer, appliance=appliance, organisation=organisation
    )
    cartridge = stocked(
        reference="CAR-AQP-01",
        name="Cartouche sédiments",
        unit_price=Decimal("24.90"),
        on_hand=12,
    )
    CompatibilityFactory(appliance=appliance, part=cartridge)
    return customer


@pytest.fixture
def cartridge(customer):
    return ProductFactory._meta.model.objects.get(reference="CAR-AQP-01")


@pytest.fixture
def salt(db):
    return stocked(
        reference="SEL-25", name="Sel régénérant 25 kg", unit_price=Decimal("10.00")
    )


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def url(customer):
    return reverse("staff_customer_order", args=[customer.pk])


def text(response) -> str:
    """The page as read: tags out, entities and non-breaking spaces plain."""
    html = unescape(response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))  # \s: NBSP too


def quantity_value(response, product) -> str | None:
    found = re.search(
        rf'<input[^>]*name="quantity_{product.pk}"[^>]*>', response.content.decode()
    )
    if found is None:
        return None
    value = re.search(r'value="([^"]*)"', found[0])
    return value[1] if value else ""


def post(client, customer, step, quantities, **extra):
    data = {
        "action": step,
        "payment_method": "transfer",
        "submission_key": KEY,
        **{f"quantity_{product.pk}": qty for product, qty in quantities.items()},
        **extra,
    }
    return client.post(url(customer), data)


def test_the_page_lists_the_customers_parts_with_price_and_stock(
    agent_client, customer, cartridge
):
    response = agent_client.get(url(customer))
    assert response.status_code == 200
    page = text(response)
    assert "CAR-AQP-01" in page and "Cartouche sédiments" in page
    assert "29,88 €" in page  # 24.90 + 20 % VAT
    assert "En stock" in page and "12 disponibles" in page
    assert quantity_value(response, cartridge) == ""  # nothing ordered yet


def test_a_search_finds_a_product_by_reference_and_keeps_the_quantities(
    agent_client, customer, cartridge, salt
):
    response = post(agent_client, customer, "search", {cartridge: 2}, q="sel-25")
    assert response.status_code == 200
    page = text(response)
    assert "1 produit trouvé pour « sel-25 »" in page
    assert quantity_value(response, salt) == ""
    assert quantity_value(response, cartridge) == "2"
    assert "12,00 €" in page  # the salt, incl. VAT


def test_a_search_that_finds_nothing_says_so(agent_client, customer):
    response = post(agent_client, customer, "search", {}, q="XYZ-404")
    assert "Aucun produit trouvé pour « XYZ-404 »" in text(response)


def test_a_product_added_by_search_stays_through_another_search(
    agent_client, customer, salt
):
    response = post(agent_client, customer, "search", {salt: 3}, q="cartouche")
    assert quantity_value(response, salt) == "3"


def test_review_shows_the_totals_and_places_nothing(
    agent_client, customer, cartridge, salt
):
    response = post(agent_client, customer, "review", {cartridge: 2, salt: 1})
    assert response.status_code == 200
    page = text(response)
    assert "Récapitulatif de la commande" in page
    # 2 × 24.90 + 10.00 = 59.80 excl. VAT; 11.96 VAT; 71.76 incl. VAT.
    assert "59,80 €" in page and "11,96 €" in page and "71,76 €" in page
    assert "Virement bancaire" in page and "4 rue des Lilas" in page
    assert not Order.objects.exists()
    # The summary carries the order to the next step.
    assert quantity_value(response, cartridge) == "2"
    assert f'value="{KEY}"' in response.content.decode()


def test_the_totals_follow_the_quantities_before_review(
    agent_client, customer, cartridge
):
    page = text(post(agent_client, customer, "update", {cartridge: 3}))
    assert "74,70 €" in page and "89,64 €" in page  # 3 × 24.90, then incl. VAT


def test_review_without_any_quantity_asks_for_one(agent_client, customer):
    response = post(agent_client, customer, "review", {})
    assert response.status_code == 400
    assert "Indiquez une quantité pour au moins un produit" in text(response)


def test_place_creates_one_order_with_the_lines(
    agent_client, agent, customer, cartridge, salt
):
    response = post(agent_client, customer, "place", {cartridge: 2, salt: 1})
    assert response.status_code == 302
    assert response.url == reverse("customer_detail", args=[customer.pk])
    order = Order.objects.get()
    assert order.channel == Order.Channel.CALL_CENTER and order.placed_by == agent
    assert sorted(
        (line.product_id, line.quantity) for line in order.lines.all()
    ) == sorted([(cartridge.pk, 2), (salt.pk, 1)])
    assert order.total_incl_vat == Decimal("71.76")
    followed = agent_client.get(response.url)
    assert f"Commande {order.number} passée" in text(followed)


def test_placing_twice_with_the_same_key_places_one_order(
    agent_client, customer, cartridge
):
    first = post(agent_client, customer, "place", {cartridge: 1})
    again = post(agent_client, customer, "place", {cartridge: 1})
    assert first.status_code == again.status_code == 302
    assert Order.objects.count() == 1


def test_place_without_the_reviewed_key_places_nothing(
    agent_client, customer, cartridge
):
    response = post(agent_client, customer, "place", {cartridge: 1}, submission_key="")
    assert response.status_code == 400
    assert "Ce formulaire a expiré" in text(response)
    assert not Order.objects.exists()


def test_a_quantity_beyond_the_stock_is_flagged_before_placing(
    agent_client, customer, cartridge
):
    assert "Seulement 12 disponible(s)" in text(
        post(agent_client, customer, "update", {cartridge: 20})
    )
    review = text(post(agent_client, customer, "review", {cartridge: 20}))
    assert "Certaines quantités dépassent le stock disponible" in review
    assert not Order.objects.exists()


def test_a_shortage_says_so_and_keeps_the_quantities(
    agent_client, customer, cartridge, salt
):
    response = post(agent_client, customer, "place", {cartridge: 20, salt: 1})
    assert response.status_code == 400
    page = text(response)
    assert "Stock insuffisant pour CAR-AQP-01 Cartouche sédiments" in page
    assert quantity_value(response, cartridge) == "20"
    assert quantity_value(response, salt) == "1"
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "typed",
    ["deux", "9" * 5000, "-1", "10000", "1.5"],
)
def test_a_bad_quantity_is_explained_and_kept(agent_client, customer, cartridge, typed):
    response = post(agent_client, customer, "review", {cartridge: typed})
    assert response.status_code == 400
    assert "field__errors" in response.content.decode()
    assert quantity_value(response, cartridge) == typed
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("q", "sel\x00"),
        ("q", "x" * 5000),
        ("installation", "\x00"),
        ("payment_method", "x" * 5000),
        ("submission_key", "\x00" * 10),
        ("quantity_99999999999999", "1"),
        ("action", "\x00"),
        ("quantity_1", "\x00" * 3),
    ],
)
def test_hostile_input_gives_a_message_not_a_crash(
    agent_client, customer, cartridge, field, value
):
    response = post(agent_client, customer, "review", {cartridge: 1}, **{field: value})
    assert response.status_code in {200, 400}
    assert not Order.objects.exists()


def test_only_the_right_opens_the_page(client, owner, customer):
    client.force_login(owner)
    assert client.get(url(customer)).status_code == 404
    assert post(client, customer, "place", {}).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(
    agent_client, customer, django_assert_max_num_queries
):
    appliance = customer.installations.get().appliance

    def measure():
        with CaptureQueriesContext(connection) as captured:
            assert agent_client.get(url(customer)).status_code == 200
        return len(captured)

    small = measure()
    for n in range(15):
        part = stocked(reference=f"PART-{n:02d}")
        CompatibilityFactory(appliance=appliance, part=part)
    assert measure() == small
    with django_assert_max_num_queries(15):
        post(agent_client, customer, "search", {}, q="PART")
