"""A customer's fault: the steps safe for them only, and a visit asked for in
one click that reaches their installer already knowing the unit."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.aftersales.models import ServiceVisit
from accounts.callbacks.models import CallbackRequest
from ordering.catalogue.models import Compatibility
from pages.models import ReaderStruggle
from tests.accounts.factories import InstallationFactory
from tests.ordering.factories import stocked
from tests.pages.factories import fault_code, site_with_documentation, stream

pytestmark = pytest.mark.django_db


def _step(title, *, safe):
    return ("step", {"title": title, "text": "", "image": None, "for_customers": safe})


@pytest.fixture
def unit(recorded, organisation):
    """The recorded unit (SN-4242, 25 May 2026, a cartridge fitted) of a
    consenting customer; its installer has a phone number."""
    organisation.phone = "04 78 00 00 00"
    organisation.save()
    return recorded


@pytest.fixture
def codes(appliance):
    return site_with_documentation()["codes"]


@pytest.fixture
def leak(codes, appliance):
    """E12: two steps for the customer, the third for the installer."""
    valve = stocked(reference="VAN-AQP-V", name="Vanne de commande AquaPure")
    valve.kind = valve.Kind.SPARE_PART
    valve.save()
    Compatibility.objects.create(appliance=appliance, part=valve)
    return fault_code(
        codes,
        [appliance],
        code="E12",
        resolution_steps=stream(
            _step("Coupez l'arrivée d'eau", safe=True),
            _step("Essuyez et observez", safe=True),
            _step("Démontez la vanne de commande", safe=False),
        ),
        probable_causes=stream(("cause", "Vanne de commande fissurée")),
    )


@pytest.fixture
def customer_client(client, unit):
    client.force_login(unit.customer.user)
    return client


def test_the_customer_sees_only_the_steps_marked_safe(customer_client, unit, leak):
    page = customer_client.get(
        reverse("customer_fault_code", args=[unit.pk, "e12"])
    ).content.decode()

    assert "Coupez l&#x27;arrivée d&#x27;eau" in page
    assert "Essuyez et observez" in page
    assert "Démontez la vanne" not in page
    assert "for your installer only" in page or "installateur" in page


def test_a_fault_that_needs_a_technician_shows_no_step_at_all(
    customer_client, unit, codes, appliance
):
    fault_code(
        codes,
        [appliance],
        code="E40",
        technician_required=True,
        while_waiting="Coupez l'alimentation.",
        resolution_steps=stream(_step("Remplacez la carte", safe=True)),
    )
    page = customer_client.get(
        reverse("customer_fault_code", args=[unit.pk, "E40"])
    ).content.decode()
    assert "Remplacez la carte" not in page
    assert reverse("customer_visit_ask", args=[unit.pk, "E40"]) in page


def test_a_typed_code_leads_to_its_page_or_says_it_is_unknown(
    customer_client, unit, leak
):
    url = reverse("customer_fault_codes", args=[unit.pk])
    found = customer_client.get(url, {"code": " e12 "})
    assert found["Location"] == reverse("customer_fault_code", args=[unit.pk, "E12"])
    unknown = customer_client.get(url, {"code": "Z9\x00" + "9" * 500})
    assert unknown.status_code == 200
    assert "Z9" in unknown.content.decode()


def test_one_click_asks_the_installer_with_what_the_technician_needs(
    customer_client, unit, leak, organisation
):
    ServiceVisit.objects.create(
        token="v1",
        installation=unit,
        organisation=organisation,
        kind=ServiceVisit.Kind.MAINTENANCE,
        visited_on=date(2026, 9, 1),
    )
    response = customer_client.post(
        reverse("customer_visit_ask", args=[unit.pk, "E12"]),
        {"phone": "06 99 88 77 66"},
    )

    assert response["Location"] == reverse("customer_installation", args=[unit.pk])
    callback = CallbackRequest.objects.get()
    assert callback.owner_organisation == organisation  # the installer
    assert (callback.installation, callback.fault_code) == (unit, "E12")
    assert callback.reason == CallbackRequest.Reason.FAULT
    assert callback.phone == "06 99 88 77 66"
    assert "SN-4242" in callback.details
    assert "25 mai 2028" in callback.details  # under warranty until (24 months)
    assert "1 septembre 2026" in callback.details  # the last visit
    assert "(25 mai 2026)" in callback.details  # the cartridge fitted then
    assert "VAN-AQP-V" in callback.details  # the cause names the valve
    followed = customer_client.get(response["Location"]).content.decode()
    assert organisation.name in followed

    # A second click is told when the first call comes, not queued again.
    customer_client.post(reverse("customer_visit_ask", args=[unit.pk, "E12"]))
    assert CallbackRequest.objects.count() == 1


def test_another_customers_unit_or_a_code_of_another_appliance_is_not_found(
    customer_client, unit, leak, codes, other_organisation
):
    other = InstallationFactory(organisation=other_organisation)
    assert (
        customer_client.post(
            reverse("customer_visit_ask", args=[other.pk, "E12"])
        ).status_code
        == 404
    )
    assert (
        customer_client.post(
            reverse("customer_visit_ask", args=[unit.pk, "E99"])
        ).status_code
        == 404
    )
    assert not CallbackRequest.objects.exists()


def test_the_fault_page_and_the_pages_read_before_are_counted_for_editors(
    customer_client, unit, leak, codes, appliance
):
    other = fault_code(codes, [appliance], code="E10", title="Eau dure")
    customer_client.get(reverse("customer_fault_code", args=[unit.pk, "E10"]))
    customer_client.get(reverse("customer_fault_code", args=[unit.pk, "E12"]))

    customer_client.post(reverse("customer_visit_ask", args=[unit.pk, "E12"]))

    counted = set(ReaderStruggle.objects.values_list("page_id", "kind", "count"))
    assert counted == {
        (leak.pk, ReaderStruggle.Kind.VISIT_ASKED, 1),
        (other.pk, ReaderStruggle.Kind.READ_BEFORE, 1),
    }


def test_the_installer_sees_the_same_triage_on_the_unit_page(
    customer_client, unit, leak, owner, client
):
    customer_client.post(
        reverse("customer_visit_ask", args=[unit.pk, "E12"]),
        {"phone": "06 99 88 77 66"},
    )
    client.force_login(owner)
    page = client.get(reverse("installation_detail", args=[unit.pk])).content.decode()
    requests = page.split('id="visit-requests"')[1].split("</ul>")[0]
    assert "E12" in requests
    assert "SN-4242" in requests  # what the triage told the installer
