"""Customer and installation searches find what people type: any case, any
accents, the words in any order, a serial number with or without its
separators or by its last digits; on SQLite and PostgreSQL alike."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.callbacks.models import CallbackRequest
from accounts.customers.models import Customer, Installation
from accounts.network.services import api_token_create
from tests.accounts.factories import CustomerFactory, InstallationFactory

pytestmark = pytest.mark.django_db

GERARD_SPELLINGS = ["gerard", "GERARD", "chevalier gerard", "gérard"]
SERIAL_SPELLINGS = ["AB12345", "ab 12345", "2345", "ab-12345", "AB.123/45"]


@pytest.fixture
def people(organisation):
    """Three customers of the organisation, each with one appliance."""
    found = {
        "gerard": CustomerFactory(
            first_name="Gérard", last_name="Chevalier", city="Vienne"
        ),
        "elise": CustomerFactory(
            first_name="Élise", last_name="Fontaine", city="Orléans"
        ),
        "durand": CustomerFactory(first_name="Marie", last_name="Durand", city="Lyon"),
    }
    serials = {"gerard": "CD-99876", "elise": "AB-12345", "durand": "EF-55501"}
    for key, customer in found.items():
        InstallationFactory(
            organisation=organisation, customer=customer, serial_number=serials[key]
        )
    return found


# --- Customer 360 (the call center) ----------------------------------------------


def customers_listed(client, query: str) -> list[Customer]:
    page = client.get(reverse("customer_list"), {"q": query}).context["page"]
    return list(page.object_list)


@pytest.mark.parametrize("query", GERARD_SPELLINGS)
def test_the_call_center_finds_a_customer_however_the_name_is_typed(
    client, agent, people, query
):
    client.force_login(agent)
    assert customers_listed(client, query) == [people["gerard"]]


@pytest.mark.parametrize("query", ["elise", "ELISE FONTAINE", "fontaine élise"])
def test_elise_is_found_without_her_accent(client, agent, people, query):
    client.force_login(agent)
    assert customers_listed(client, query) == [people["elise"]]


def test_a_town_is_found_without_its_accent(client, agent, people):
    client.force_login(agent)
    assert customers_listed(client, "orleans") == [people["elise"]]


@pytest.mark.parametrize("query", SERIAL_SPELLINGS)
def test_the_call_center_finds_a_customer_by_serial_however_typed(
    client, agent, people, query
):
    client.force_login(agent)
    assert customers_listed(client, query) == [people["elise"]]


def test_three_digits_of_a_serial_are_not_enough(client, agent, people):
    client.force_login(agent)
    assert customers_listed(client, "345") == []


def test_a_name_corrected_in_bulk_is_found_at_once(client, agent, people):
    # update() skips save(): the database keeps the folded copy right itself.
    Customer.objects.filter(pk=people["durand"].pk).update(first_name="Noémie")
    client.force_login(agent)
    assert customers_listed(client, "noemie durand") == [people["durand"]]


# --- Installations (the reseller's tab and the API) -------------------------------


def installations_listed(client, query: str) -> list[str]:
    page = client.get(reverse("installations"), {"q": query}).context["page"]
    return [installation.customer.last_name for installation in page.object_list]


@pytest.mark.parametrize("query", GERARD_SPELLINGS)
def test_a_reseller_finds_an_installation_however_the_name_is_typed(
    client, buyer, people, query
):
    client.force_login(buyer)
    assert installations_listed(client, query) == ["Chevalier"]


def test_a_reseller_finds_elise_without_her_accent(client, buyer, people):
    client.force_login(buyer)
    assert installations_listed(client, "elise") == ["Fontaine"]


@pytest.mark.parametrize("query", SERIAL_SPELLINGS)
def test_a_reseller_finds_an_installation_by_serial_however_typed(
    client, buyer, people, query
):
    client.force_login(buyer)
    assert installations_listed(client, query) == ["Fontaine"]


@pytest.mark.parametrize("query", ["chevalier gerard", "elise", "ab 12345", "2345"])
def test_the_api_finds_installations_the_same_way(technician, people, query):
    _token, secret = api_token_create(user=technician, name="Caisse")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    found = api.get("/api/v1/installations", {"q": query}).json()
    expected = "Gérard Chevalier" if "gerard" in query else "Élise Fontaine"
    assert [i["customer"]["name"] for i in found["items"]] == [expected]


# --- A unit looked up by its serial number ----------------------------------------


def ask_callback_for(client, serial: str):
    return client.post(
        reverse("reseller_callback_new"),
        {
            "serial_number": serial,
            "reason": "fault",
            "phone": "06 00 00 00 01",
            "preferred_slot": "any",
            "who_calls": "oxyplus",
        },
    )


@pytest.mark.parametrize("serial", ["AB12345", "ab 12345", "2345"])
def test_a_callback_finds_the_unit_by_serial_however_typed(
    client, technician, people, serial
):
    client.force_login(technician)
    assert ask_callback_for(client, serial).status_code == 302
    callback = CallbackRequest.objects.get()
    assert callback.customer == people["elise"]
    assert callback.installation == Installation.objects.get(serial_number="AB-12345")


def test_last_digits_shared_by_two_units_find_neither(
    client, technician, organisation, people
):
    InstallationFactory(organisation=organisation, serial_number="XY-912345")
    client.force_login(technician)
    response = ask_callback_for(client, "2345")
    assert response.status_code == 400
    assert not CallbackRequest.objects.exists()


def test_each_word_may_match_a_different_column(client, agent, buyer, people):
    Customer.objects.filter(pk=people["gerard"].pk).update(
        email="g.chevalier@exemple.test", postcode="38200"
    )
    client.force_login(agent)
    # One word in the email, the other at the start of the postcode.
    assert customers_listed(client, "exemple 382") == [people["gerard"]]
    assert customers_listed(client, "exemple 690") == []
    client.force_login(buyer)
    # The name, and digits of the serial number.
    assert installations_listed(client, "chevalier 99876") == ["Chevalier"]
    assert installations_listed(client, "chevalier 12345") == []
