"""Order and stock searches find what people type: any case, any accents,
the words in any order, on SQLite and PostgreSQL alike."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.network.services import api_token_create
from ordering.catalogue.models import Product
from ordering.orders.models import Order
from ordering.orders.selectors import order_search
from tests.ordering.factories import (
    ApplianceFactory,
    CompatibilityFactory,
    OrderFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

GERARD_SPELLINGS = [
    "gerard",
    "GERARD",
    "chevalier gerard",
    "gérard",
    "CHEVALIER Gérard",
]


@pytest.fixture
def orders(organisation):
    return {
        key: OrderFactory(
            organisation=organisation, end_customer_name=name, number=number
        )
        for key, name, number in [
            ("gerard", "Gérard Chevalier", "OXY-2026-000001"),
            ("francoise", "Françoise Œuvray", "OXY-2026-000002"),
            ("durand", "Marie Durand", "OXY-2026-000003"),
        ]
    }


def numbers_listed(client, query: str) -> list[str]:
    page = client.get(reverse("orders"), {"q": query}).context["page"]
    return [order.number for order in page.object_list]


@pytest.mark.parametrize("query", GERARD_SPELLINGS)
def test_a_buyer_finds_an_order_however_the_name_is_typed(client, buyer, orders, query):
    client.force_login(buyer)
    assert numbers_listed(client, query) == [orders["gerard"].number]


@pytest.mark.parametrize("query", GERARD_SPELLINGS)
def test_the_call_center_finds_it_too(client, agent, orders, query):
    client.force_login(agent)
    assert numbers_listed(client, query) == [orders["gerard"].number]


@pytest.mark.parametrize("query", ["francoise oeuvray", "FRANÇOISE", "œuvray"])
def test_c_cedilla_and_oe_match_their_plain_letters(client, buyer, orders, query):
    client.force_login(buyer)
    assert numbers_listed(client, query) == [orders["francoise"].number]


def test_every_word_must_match(client, buyer, orders):
    client.force_login(buyer)
    assert numbers_listed(client, "gerard durand") == []
    assert numbers_listed(client, "chevalier") == [orders["gerard"].number]


def test_a_name_changed_in_bulk_is_found_by_its_new_spelling(client, buyer, orders):
    # update() skips save(): the database keeps the folded copy right itself.
    Order.objects.filter(pk=orders["durand"].pk).update(
        end_customer_name="Élise Fontaine"
    )
    client.force_login(buyer)
    assert numbers_listed(client, "elise") == [orders["durand"].number]
    assert numbers_listed(client, "durand") == []


def test_the_csv_export_follows_the_folded_search(client, buyer, orders):
    client.force_login(buyer)
    response = client.get(reverse("orders_export"), {"q": "chevalier gerard"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [orders["gerard"].number]


@pytest.mark.parametrize("query", GERARD_SPELLINGS)
def test_the_api_finds_the_order_the_same_way(buyer, orders, query):
    _token, secret = api_token_create(user=buyer, name="Caisse")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    found = api.get("/api/v1/orders", {"q": query}).json()
    assert [order["number"] for order in found["items"]] == [orders["gerard"].number]


# --- Stock ----------------------------------------------------------------------


@pytest.fixture
def catalogue():
    appliance = ApplianceFactory(name="AquaPure 300", reference="AQP-300")
    prefilter = ProductFactory(name="Préfiltre sédiments", reference="PRE-20")
    CompatibilityFactory(appliance=appliance, part=prefilter)
    ProductFactory(name="Lampe UV", reference="LAMP-UV-9")
    return {"appliance": appliance, "prefilter": prefilter}


def references_in_stock(client, query: str) -> list[str]:
    page = client.get(reverse("stock"), {"q": query}).context["page"]
    return sorted(product.reference for product in page.object_list)


@pytest.mark.parametrize(
    "query", ["prefiltre", "PRÉFILTRE", "sediments prefiltre", "préfiltre"]
)
def test_stock_finds_a_product_however_its_name_is_typed(
    client, buyer, catalogue, query
):
    client.force_login(buyer)
    assert references_in_stock(client, query) == ["PRE-20"]


def test_stock_finds_an_appliance_and_its_parts_from_its_words_in_any_order(
    client, buyer, catalogue
):
    client.force_login(buyer)
    assert references_in_stock(client, "300 aquapure") == ["AQP-300", "PRE-20"]


def test_a_product_renamed_in_bulk_is_found_by_its_new_name(client, buyer, catalogue):
    Product.objects.filter(reference="LAMP-UV-9").update(name="Lampe à ultraviolets")
    client.force_login(buyer)
    assert references_in_stock(client, "lampe a ultraviolets") == ["LAMP-UV-9"]


def test_a_product_reference_finds_the_buyers_orders_once_and_no_one_elses(
    client, buyer, organisation
):
    filter_cartridge = ProductFactory(reference="CAR-AQP-07")
    both = OrderFactory(
        organisation=organisation,
        purchase_order_reference="CAR-AQP-07",
        lines=[(filter_cartridge, 2)],
    )
    by_line = OrderFactory(organisation=organisation, lines=[(filter_cartridge, 1)])
    OrderFactory(lines=[(filter_cartridge, 1)])  # another reseller's order
    client.force_login(buyer)

    assert sorted(numbers_listed(client, "car-aqp-07")) == sorted(
        [both.number, by_line.number]
    )


def test_a_search_keeps_the_status_filter(client, buyer, orders):
    Order.objects.filter(pk=orders["gerard"].pk).update(status=Order.Status.CANCELLED)
    client.force_login(buyer)

    def listed(status):
        page = client.get(reverse("orders"), {"q": "gerard", "status": status})
        return [order.number for order in page.context["page"].object_list]

    assert listed(Order.Status.CANCELLED) == [orders["gerard"].number]
    assert listed(Order.Status.PLACED) == []


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL reads the name's trigram index"
)
def test_a_name_search_reads_the_names_from_the_resellers_search_index(
    buyer, orders, organisation
):
    """Not each of the reseller's orders from the table: on SQLite the
    search index (organisation, name, …) holds what the words are compared
    with, and a busy reseller has thousands of orders."""
    found = order_search(
        Order.objects.filter(organisation=organisation), query="gerard"
    )
    assert [o.number for o in found] == ["OXY-2026-000001"]
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "order_org_search_idx (organisation_id=? AND end_customer_folded>?)" in plan
