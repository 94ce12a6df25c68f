"""A unit's page costs the same queries with one and with ten of each thing
after-sales hangs on the unit: visits (with a photo and a part), warranty
claims (with a photo), visits asked from the customer's triage and safety
notices (issue 18: "query counts of the unit page constant with tenfold
data")."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.visit_photos import visit_photos_add
from accounts.aftersales.services.visits import VisitDetails, visit_record
from accounts.callbacks.models import CallbackRequest
from tests.accounts.aftersales.factories import filed_claim, safety_notice
from tests.accounts.factories import CallbackRequestFactory, picture

pytestmark = pytest.mark.django_db

VISIT = re.compile(r'id="visit-\d+"')


@pytest.fixture
def terms(appliance):
    appliance.warranty_months = 24
    appliance.warranty_extension_months = 12
    appliance.warranty_max_months = 60
    appliance.service_interval_months = 12
    appliance.service_window_days = 60
    appliance.save()
    return appliance


def _after_sales(unit, technician, cartridge, start: int, count: int) -> None:
    for n in range(start, start + count):
        photos = visit_photos_add(
            organisation=unit.organisation, by=technician, kept=[], uploads=[picture()]
        ).photos
        visit_record(
            installation=unit,
            by=technician,
            details=VisitDetails(
                kind="maintenance" if n % 2 else "repair",
                visited_on=unit.installed_on + timedelta(days=n),
                parts={cartridge.pk: 1},
                fault_code="" if n % 2 else "E12",
                signed_by="Élodie Martin",
            ),
            photos=photos,
        )
        filed_claim(unit, cartridge, by=technician, photos=[picture()])
        CallbackRequestFactory(
            customer=unit.customer,
            installation=unit,
            reason=CallbackRequest.Reason.FAULT,
            fault_code="E12",
            owner_organisation=unit.organisation,
        )
        safety_notice([unit.appliance], title=f"Avis {n}")


def _cost(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.parametrize(
    "who, name",
    [("technician", "installation_detail"), ("customer", "customer_installation")],
)
def test_the_unit_page_costs_the_same_with_tenfold_after_sales_data(
    client, unit, technician, cartridge, terms, who, name
):
    _after_sales(unit, technician, cartridge, 0, 1)
    client.force_login(technician if who == "technician" else unit.customer.user)
    url = reverse(name, args=[unit.pk])
    client.get(url)  # the session and the caches warm up
    once, page = _cost(client, url)
    assert len(VISIT.findall(page)) == 1

    _after_sales(unit, technician, cartridge, 1, 9)
    tenfold, page = _cost(client, url)

    assert len(VISIT.findall(page)) == 10
    if who == "technician":
        claims = WarrantyClaim.objects.filter(installation=unit)
        assert all(reverse("claim_detail", args=[c.pk]) in page for c in claims)
    print(f"\nQUERIES {who} {name}: 1x={once} 10x={tenfold}")
    assert tenfold == once, f"{once} queries with one of each, {tenfold} with ten"
