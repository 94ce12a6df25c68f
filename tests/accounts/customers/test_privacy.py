"""A customer's data: exported whole for staff, erased on request with the
orders kept for accounting, each time with an audit entry."""

import json
from datetime import date

import pytest
from django.urls import reverse

from accounts.customers.models import AuditEntry, Customer, InstallationPhoto
from accounts.customers.services.customers import CustomerError, customer_erase
from accounts.customers.services.installation_photos import photo_upload
from accounts.network.models import User
from ordering.orders.models import Order
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    StaffFactory,
    fitted,
    picture,
)
from tests.isolation import assert_isolated

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(organisation, technician, appliance, cartridge):
    """A customer with a login, an installation with a photo, and a web order."""
    user = User.objects.create_user(email="elodie.martin@example.test")
    customer = CustomerFactory(
        first_name="Élodie",
        last_name="Martin",
        email=user.email,
        phone="06 11 22 33 44",
        line1="8 chemin des Vignes",
        user=user,
    )
    installation = InstallationFactory(
        organisation=organisation,
        customer=customer,
        appliance=appliance,
        site_notes="Code portail 1234",
        installed_on=date(2026, 6, 1),
    )
    fitted(installation, cartridge)
    photo = photo_upload(organisation=organisation, by=technician, upload=picture())
    photo.installation = installation
    photo.save()
    from ordering.orders import services as ordering_services

    ordering_services.customer_order_place(
        customer=customer,
        by=user,
        installation=installation,
        items=[(cartridge, 1)],
        payment_method=Order.PaymentMethod.BANK_TRANSFER,
        submission_key="privacy-1",
    )
    return customer


def test_staff_export_everything_as_json_and_it_is_logged(client, agent, customer):
    client.force_login(agent)
    response = client.get(reverse("customer_export", args=[customer.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["customer"]["email"] == "elodie.martin@example.test"
    (installation,) = data["installations"]
    assert installation["site_notes"] == "Code portail 1234"
    assert installation["consumables"][0]["next_due_on"] == "2026-12-01"
    (order,) = data["orders"]
    assert order["channel"] == "web" and order["lines"][0]["quantity"] == 1
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.customer) == (
        AuditEntry.Action.CUSTOMER_EXPORTED,
        agent,
        customer,
    )


def test_erasure_asks_for_a_reason_and_a_confirmation(client, manager, customer):
    client.force_login(manager)
    url = reverse("customer_erase", args=[customer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Demande du 28/11 par courriel"})
    assert response.status_code == 400  # not confirmed
    customer.refresh_from_db()
    assert not customer.is_erased


def test_erasure_removes_personal_data_and_keeps_the_orders(
    client, manager, customer, django_capture_on_commit_callbacks, private_files
):
    order = Order.objects.get(customer=customer)
    total = order.total_incl_vat
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("customer_erase", args=[customer.pk]),
            {"reason": "Demande du 28/11 par courriel", "confirm": "on"},
        )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.is_erased
    for value in (customer.first_name, customer.email, customer.phone, customer.line1):
        assert value == ""
    assert not User.objects.filter(email="elodie.martin@example.test").exists()
    assert not InstallationPhoto.objects.exists()
    assert private_files() == set()
    order.refresh_from_db()
    assert order.total_incl_vat == total and order.lines.count() == 1
    assert "Martin" not in order.delivery_name and order.contact_email == ""
    assert customer.installations.get().site_notes == ""
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CUSTOMER_ERASED)
    assert entry.actor == manager and entry.reason == "Demande du 28/11 par courriel"
    assert "Martin" not in entry.subject  # the log keeps no erased data


def test_only_managers_erase_and_only_the_desk_exports(
    customer, organisation, client, buyer, agent
):
    for name in ("customer_detail", "customer_export", "customer_erase"):
        url = reverse(name, args=[customer.pk])
        # Not even the customer's own installer.
        # Not the name: the viewer, a random French name, may be a Martin too.
        assert_isolated(
            url,
            viewer_organisation=organisation,
            hidden_texts=["elodie.martin@example.test", "06 11 22 33 44"],
        )
    for user in (buyer, agent):
        with pytest.raises(CustomerError):
            customer_erase(customer=customer, by=user, reason="x")
    client.force_login(agent)
    assert client.get(reverse("customer_erase", args=[customer.pk])).status_code == 403
    editor = StaffFactory()  # a documentation editor sees no customer
    client.force_login(editor)
    assert client.get(reverse("customer_detail", args=[customer.pk])).status_code == 404
    assert Customer.objects.get(pk=customer.pk).email


def test_staff_find_a_customer(client, agent, customer):
    client.force_login(agent)
    page = client.get(reverse("customer_list"), {"q": "0611223344"}).content.decode()
    assert "Élodie Martin" in page
    assert (
        "Élodie"
        not in client.get(reverse("customer_list"), {"q": "Personne"}).content.decode()
    )
