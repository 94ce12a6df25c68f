"""Visits and the warranty where people look at a unit: its page, the
customer 360 and the customer space; the same number of queries with one
visit or ten."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.aftersales.models import ServiceVisit
from accounts.aftersales.selectors import warranty_of
from tests.accounts.factories import InstallationFactory

pytestmark = pytest.mark.django_db


def _visits(unit, technician, count: int) -> None:
    ServiceVisit.objects.bulk_create(
        ServiceVisit(
            token=f"{unit.pk:04d}{n:028d}",
            installation=unit,
            organisation=unit.organisation,
            technician=technician,
            kind="maintenance" if n % 2 else "repair",
            visited_on=unit.installed_on + timedelta(days=n),
            fault_code="" if n % 2 else "E12",
            signed_by="Élodie Martin",
        )
        for n in range(count)
    )


@pytest.fixture
def terms(appliance):
    appliance.warranty_months = 24
    appliance.warranty_extension_months = 12
    appliance.warranty_max_months = 60
    appliance.service_interval_months = 12
    appliance.service_window_days = 60
    appliance.save()
    return appliance


def _queries(client, url, django_assert_max_num_queries, limit) -> str:
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_the_unit_page_lists_visits_in_constant_queries(
    client, unit, technician, terms, count, django_assert_max_num_queries
):
    _visits(unit, technician, count)
    client.force_login(technician)
    page = _queries(
        client,
        reverse("installation_detail", args=[unit.pk]),
        django_assert_max_num_queries,
        13,
    )
    assert page.count('id="visit-') == count
    assert "E12" in page
    assert reverse("visit_new", args=[unit.pk]) in page


@pytest.mark.parametrize("count", [1, 10])
def test_the_customer_sees_visits_and_warranty_in_constant_queries(
    client, unit, technician, terms, count, django_assert_max_num_queries
):
    _visits(unit, technician, count)
    client.force_login(unit.customer.user)
    page = _queries(
        client,
        reverse("customer_installation", args=[unit.pk]),
        django_assert_max_num_queries,
        14,
    )
    assert page.count('id="visit-') == count
    assert reverse("visit_new", args=[unit.pk]) not in page
    home = client.get(reverse("customer_home")).content.decode()
    assert "warranty--active" in home
    assert date_format(warranty_of(unit).ends_on) in home


@pytest.mark.parametrize("count", [1, 10])
def test_the_customer_360_shows_visits_and_each_units_warranty(
    client, unit, technician, terms, agent, count, django_assert_max_num_queries
):
    _visits(unit, technician, count)
    for _ in range(count):
        InstallationFactory(customer=unit.customer, appliance=terms)
    client.force_login(agent)
    page = _queries(
        client,
        reverse("customer_detail", args=[unit.customer.pk]),
        django_assert_max_num_queries,
        18,
    )
    assert page.count('class="warranty warranty--active"') == count + 1
    assert reverse("visit_report_pdf", args=[ServiceVisit.objects.first().pk]) in page


def test_the_warranty_says_what_keeps_it_then_when_it_ended(
    client, unit, technician, terms
):
    client.force_login(technician)
    url = reverse("installation_detail", args=[unit.pk])
    unit.installed_on = timezone.localdate() - timedelta(days=300)
    unit.save()
    page = client.get(url).content.decode()
    warranty = warranty_of(unit)
    assert "warranty--active" in page
    assert date_format(warranty.ends_on) in page
    # What keeps it: the next window's days.
    assert date_format(warranty.next_window.closes_on) in page
    unit.installed_on = date(2019, 1, 1)
    unit.save()
    page = client.get(url).content.decode()
    assert "warranty--expired" in page
    assert date_format(warranty_of(unit).ends_on) in page
