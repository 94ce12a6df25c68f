"""The call center reads customers, installations and the audit log in the
Wagtail admin; nobody edits them from a bare admin form."""

import pytest

from tests.wagtail_admin import assert_turned_away


@pytest.mark.django_db
def test_the_call_center_reads_customers_and_installations_in_the_admin(
    client, agent, organisation
):
    from tests.accounts.factories import CustomerFactory, InstallationFactory

    installation = InstallationFactory(
        organisation=organisation, customer=CustomerFactory(last_name="Kerguelen")
    )
    client.force_login(agent)
    for url in ["/admin/customer/", "/admin/installation/", "/admin/auditentry/"]:
        assert client.get(url).status_code == 200, url
    assert "Kerguelen" in client.get("/admin/customer/").content.decode()
    inspect = client.get(f"/admin/installation/inspect/{installation.pk}/")
    assert installation.serial_number in inspect.content.decode()


@pytest.mark.django_db
def test_customers_are_never_edited_from_a_bare_admin_form(admin_client):
    """One record per person, consent and erasure go through the services."""
    from tests.accounts.factories import CustomerFactory

    customer = CustomerFactory()
    for url in [
        "/admin/customer/new/",
        f"/admin/customer/edit/{customer.pk}/",
        f"/admin/customer/delete/{customer.pk}/",
        "/admin/installation/new/",
        "/admin/auditentry/new/",
    ]:
        assert_turned_away(admin_client, url)
