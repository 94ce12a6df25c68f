"""Customer 360 for the call center: one search box for whatever the caller
says, one page with every channel's history on a timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.callbacks.models import CallbackRequest
from accounts.customers.customer360 import customer_find, customer_timeline
from accounts.customers.models import Customer, CustomerEmail
from ordering.orders.models import Order
from tests.accounts.factories import (
    CallbackRequestFactory,
    CustomerFactory,
    InstallationFactory,
)
from tests.ordering.factories import OrderFactory


@pytest.fixture
def noemie(organisation):
    customer = CustomerFactory(
        first_name="Noémie",
        last_name="Garnier",
        email="noemie.garnier@example.test",
        phone="06 45 12 78 90",
        postcode="69006",
        city="Lyon",
    )
    InstallationFactory(
        organisation=organisation, customer=customer, serial_number="AQP300-77120"
    )
    return customer


def web_order(customer, *, number, placed_at=None, **extra):
    """An order the customer placed on the website, delivered at home."""
    return OrderFactory(
        organisation=None,
        customer=customer,
        channel=Order.Channel.WEB,
        payment_method="transfer",
        end_customer_name=customer.full_name,
        delivery_name=customer.full_name,
        delivery_line1=customer.line1,
        delivery_postcode=customer.postcode,
        delivery_city=customer.city,
        number=number,
        placed_at=placed_at or timezone.now(),
        **extra,
    )


@pytest.mark.parametrize(
    "query",
    [
        "garnier",
        "Noémie Garnier",
        "noemie.garnier@example",
        "0645127890",
        "+33 6 45 12 78 90",
        "69006",
        "aqp300-77120",  # the serial number, as read off the plate
        "OXY-2026-000042",  # an order number
    ],
)
def test_the_caller_is_found_by_whatever_they_give(noemie, query):
    CustomerFactory(first_name="Paul", last_name="Durand", postcode="13001")
    web_order(noemie, number="OXY-2026-000042")
    found = customer_find(Customer.objects.all(), query=query)
    assert list(found) == [noemie]


def test_an_unknown_serial_finds_nobody(noemie):
    assert not customer_find(Customer.objects.all(), query="ZZZ-000").exists()


def test_the_timeline_mixes_every_channel_latest_first(noemie, agent):
    now = timezone.now()
    web_order(noemie, number="OXY-2026-000050", placed_at=now - timedelta(days=3))
    CallbackRequestFactory(
        customer=noemie,
        reason="fault",
        phone=noemie.phone,
        due_at=now + timedelta(hours=4),
        source="call_center",
        created_by=agent,
        created_at=now - timedelta(hours=1),
        status="missed",
    )
    CustomerEmail.objects.create(
        customer=noemie,
        template="callback_promised",
        subject="Nous vous rappelons",
        sent_at=now - timedelta(minutes=50),
    )
    kinds = [entry.kind for entry in customer_timeline(customer=noemie)]
    assert kinds == ["email", "callback", "order", "installation"]
    missed = next(e for e in customer_timeline(customer=noemie) if e.kind == "callback")
    assert missed.alert


def test_the_customer_page_shows_it_all_in_constant_queries(
    client, agent, noemie, django_assert_max_num_queries
):
    client.force_login(agent)
    url = reverse("customer_detail", args=[noemie.pk])
    client.get(url)
    for n in range(15):
        web_order(noemie, number=f"OXY-2026-{n:06d}")
        CallbackRequestFactory(
            customer=noemie,
            reason="order",
            phone=noemie.phone,
            due_at=timezone.now() + timedelta(hours=n + 1),
            source="call_center",
            created_at=timezone.now(),
        )
    # The installations are read once, for the list and the timeline both.
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "OXY-2026-000014" in body and "AQP300-77120" in body


def test_resellers_and_customers_have_no_360(client, owner, noemie):
    client.force_login(owner)
    assert client.get(reverse("customer_list")).status_code == 404
    assert client.get(reverse("customer_detail", args=[noemie.pk])).status_code == 404
    assert (
        client.get(reverse("staff_customer_order", args=[noemie.pk])).status_code == 404
    )
    assert (
        client.get(reverse("staff_callback_new", args=[noemie.pk])).status_code == 404
    )


def test_an_agent_schedules_a_callback_from_the_customer_page(client, agent, noemie):
    client.force_login(agent)
    installation = noemie.installations.get()
    response = client.post(
        reverse("staff_callback_new", args=[noemie.pk]),
        {
            "installation": installation.pk,
            "reason": "fault",
            "phone": noemie.phone,
            "preferred_slot": "any",
            "owner": agent.pk,
        },
    )
    assert response.status_code == 302
    callback = CallbackRequest.objects.get()
    assert (callback.owner, callback.installation) == (agent, installation)
    assert callback.source == CallbackRequest.Source.CALL_CENTER
    page = client.get(reverse("customer_detail", args=[noemie.pk])).content.decode()
    assert reverse("callback_detail", args=[callback.pk]) in page
