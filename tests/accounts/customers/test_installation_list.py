"""The installations list: its appliance filter offers the appliances the
viewer's network has installed, not the catalogue's; and the page's queries
stay put when the installations grow tenfold."""

import pytest
from django.urls import reverse

from tests.accounts.factories import InstallationFactory
from tests.ordering.factories import ApplianceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fitted_appliances(organisation, other_organisation):
    """Ours: two installations of one appliance, one of another; theirs: a
    third appliance; and one appliance nobody installed."""
    ours, also_ours, theirs = (
        ApplianceFactory(name="AquaPure 300"),
        ApplianceFactory(name="OsmoPure 50"),
        ApplianceFactory(name="ThermoPure 200"),
    )
    ApplianceFactory(name="AirPure 10")
    InstallationFactory.create_batch(2, organisation=organisation, appliance=ours)
    InstallationFactory(organisation=organisation, appliance=also_ours)
    InstallationFactory(organisation=other_organisation, appliance=theirs)
    return {"ours": ours, "also_ours": also_ours, "theirs": theirs}


def offered(client) -> list[str]:
    form = client.get(reverse("installations")).context["form"]
    return [appliance.name for appliance in form.fields["appliance"].queryset]


def test_a_reseller_is_offered_only_the_appliances_it_installed(
    client, technician, fitted_appliances
):
    client.force_login(technician)
    assert offered(client) == ["AquaPure 300", "OsmoPure 50"]
    body = client.get(reverse("installations")).content.decode()
    assert '<label for="id_appliance">' in body
    assert "ThermoPure 200" not in body and "AirPure 10" not in body


def test_the_call_center_is_offered_every_installed_appliance(
    client, agent, fitted_appliances
):
    client.force_login(agent)
    assert offered(client) == ["AquaPure 300", "OsmoPure 50", "ThermoPure 200"]


def test_another_resellers_appliance_filters_nothing_in(
    client, technician, fitted_appliances
):
    client.force_login(technician)
    response = client.get(
        reverse("installations"), {"appliance": fitted_appliances["theirs"].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["appliance"]


def test_the_list_queries_do_not_grow_with_the_installations(
    client, technician, organisation, django_assert_max_num_queries
):
    def grow(times: int) -> None:
        for _ in range(times):
            InstallationFactory(organisation=organisation)

    client.force_login(technician)
    grow(3)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("installations"), {"q": "a"})
    grow(27)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("installations"), {"q": "a"})
