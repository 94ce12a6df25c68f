"""The API's after-sales view of a unit: its warranty and the visits on it,
with the installations' rights."""

import secrets
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, UnitNotice, VisitPart
from accounts.aftersales.notices.services import unit_notice_done
from accounts.aftersales.services.claims import claim_approve
from accounts.customers.schedule import add_months
from tests.accounts.aftersales.factories import (
    filed_claim,
    safety_notice,
    unit_with_part,
    workshop,
)
from tests.accounts.factories import InstallationFactory
from tests.ordering.factories import stocked
from tests.portal.test_api import API, api_client


def _visit(installation, *, on, kind=ServiceVisit.Kind.MAINTENANCE, **fields):
    return ServiceVisit.objects.create(
        token=secrets.token_hex(16),
        installation=installation,
        organisation=installation.organisation,
        kind=kind,
        visited_on=on,
        **fields,
    )


def test_an_installation_tells_its_warranty_and_what_keeps_it(technician, organisation):
    installed = timezone.localdate() - timedelta(days=430)
    unit = InstallationFactory(organisation=organisation, installed_on=installed)
    client = api_client(technician)

    first = client.get(f"{API}/installations/{unit.pk}").json()["warranty"]
    assert first["under_warranty"] is True
    assert first["ends_on"] == add_months(installed, 24).isoformat()
    assert first["extensions"] == 0
    # Missed: the first anniversary's window closed 5 days ago; the next
    # one is what keeps the warranty now.
    assert first["next_service"]["due_on"] == add_months(installed, 24).isoformat()

    _visit(unit, on=add_months(installed, 12) + timedelta(days=10))
    _visit(unit, on=add_months(installed, 13), kind=ServiceVisit.Kind.REPAIR)
    after = client.get(f"{API}/installations/{unit.pk}").json()["warranty"]
    assert after["ends_on"] == add_months(installed, 36).isoformat()
    assert after["extensions"] == 1  # the repair visit extends nothing
    listed = client.get(f"{API}/installations").json()["items"]
    assert listed[0]["warranty"] == after


def test_the_visits_of_a_unit_with_checklist_and_parts(technician, organisation):
    unit = InstallationFactory(organisation=organisation)
    part = stocked(reference="JNT-01")
    visit = _visit(
        unit,
        on=unit.installed_on + timedelta(days=30),
        kind=ServiceVisit.Kind.REPAIR,
        fault_code="E12",
        fixed=True,
        checklist=[
            {"label": "Pression", "kind": "measure", "unit": "bar", "value": "2.5"},
            {"label": "Joint", "kind": "check", "done": True},
        ],
    )
    VisitPart.objects.create(visit=visit, part=part, quantity=2)

    body = api_client(technician).get(f"{API}/installations/{unit.pk}/visits").json()

    assert body["count"] == 1
    (item,) = body["items"]
    assert item["kind"] == "repair"
    assert (item["fault_code"], item["fixed"]) == ("E12", True)
    assert item["parts"] == [{"reference": "JNT-01", "name": part.name, "quantity": 2}]
    assert item["checklist"][0]["value"] == "2.5"
    assert item["checklist"][1]["done"] is True


def test_another_resellers_unit_and_its_visits_are_not_found(
    technician, other_organisation
):
    unit = InstallationFactory(organisation=other_organisation)
    _visit(unit, on=unit.installed_on, notes="Secret de l'autre réseau")
    client = api_client(technician)

    response = client.get(f"{API}/installations/{unit.pk}/visits")

    assert response.status_code == 404
    assert "Secret" not in response.content.decode()
    assert client.get(f"{API}/installations/{unit.pk}").status_code == 404


def test_the_visits_list_costs_the_same_with_ten_times_the_visits(
    technician, organisation
):
    unit = InstallationFactory(organisation=organisation)
    client = api_client(technician)
    path = f"{API}/installations/{unit.pk}/visits"
    client.get(path)  # the token's first use is written down once

    def cost(n):
        for _ in range(n):
            visit = _visit(unit, on=unit.installed_on)
            VisitPart.objects.create(visit=visit, part=stocked())
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    assert cost(1) == cost(9)


def test_the_claims_of_a_unit_for_its_installer_not_its_buyer(
    technician, buyer, organisation, manager
):
    workshop(organisation)
    unit, part = unit_with_part(organisation)
    claim = filed_claim(unit, part, by=technician, fault_code="E12")
    claim_approve(claim=claim, by=manager)

    body = api_client(technician).get(f"{API}/installations/{unit.pk}/claims").json()

    (item,) = body["items"]
    assert item["status"] == "approved"
    assert item["rma_number"].startswith("RMA-")
    assert (item["part"], item["fault_code"]) == (part.reference, "E12")
    assert item["replacement_order"]
    refused = api_client(buyer).get(f"{API}/installations/{unit.pk}/claims")
    assert refused.status_code == 403


def test_the_safety_notices_of_a_unit_and_what_was_done(
    technician, organisation, other_organisation
):
    unit = InstallationFactory(organisation=organisation)
    notice = safety_notice([unit.appliance], serial_list=unit.serial_number)
    row = UnitNotice.objects.get(installation=unit)
    unit_notice_done(unit_notice=row, by=technician, note="Raccord changé")
    client = api_client(technician)

    body = client.get(f"{API}/installations/{unit.pk}/notices").json()

    (item,) = body["items"]
    assert item["notice"] == notice.title
    assert item["note"] == "Raccord changé"
    assert item["done_at"] and item["read_at"]
    other = InstallationFactory(organisation=other_organisation)
    assert client.get(f"{API}/installations/{other.pk}/notices").status_code == 404
