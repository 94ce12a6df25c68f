"""A technician records an appliance with the e-mail of another reseller's
customer: nothing of that customer is shown until they agree, by the link
e-mailed to them, to join the installation to their record."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, CustomerFactory, InstallationFactory
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    log_in,
    screenshot,
)
from tests.e2e.test_installations import (
    CUSTOMER,
    RECORD,
    aquapure,  # noqa: F401 - a fixture
    choose_appliance,
    fill_new_customer,
    installation_form,
    submit,
)

pytestmark = pytest.mark.e2e

SECRET_STREET = "1 place des Terreaux"
SECRET_PHONE = "04 78 00 11 22"


def test_another_reseller_s_customer_decides_whether_to_join_the_installation(
    new_context,
    live_server,
    technician,
    organisation,
    other_organisation,
    aquapure,  # noqa: F811
):
    appliance, _cartridge, _salt = aquapure
    known = CustomerFactory(
        first_name="Élodie",
        last_name="Martin-Durand",
        email=CUSTOMER["email"],
        phone=SECRET_PHONE,
        line1=SECRET_STREET,
        postcode="69001",
        city="Lyon",
    )
    InstallationFactory(organisation=other_organisation, customer=known)

    tech = new_context(viewport=PHONE)
    log_in(tech, technician.email, PASSWORD)
    tech.goto("/reseller/installations/new/")
    fill_new_customer(tech)
    choose_appliance(tech, appliance)
    form = installation_form(tech)
    form.locator("input[name=serial_number]").fill("AQP300-77001")
    installed_on = timezone.localdate() - timedelta(days=2)
    form.locator("input[name=installed_on]").fill(installed_on.isoformat())
    form.locator("input[name=shares_record]").check()
    submit(tech, RECORD)

    # The technician is told the address is known, and nothing more.
    expect(tech).to_have_url(re.compile(r"/reseller/installations/\d+/$"))
    detail_url = urlsplit(tech.url).path
    expect(tech.locator(".messages")).to_contain_text(
        re.compile(r"déjà connue d['’]Oxyplus|already known to Oxyplus")
    )
    body = tech.locator("main")
    expect(body).to_contain_text("Martin")
    for secret in ("Martin-Durand", SECRET_PHONE, SECRET_STREET):
        expect(body).not_to_contain_text(secret)
    expect(
        tech.locator("section[aria-labelledby=customer-title] .notice")
    ).to_be_visible()
    screenshot(tech, "privacy-technician-waits-phone")

    # Only the address's owner is asked, by e-mail.
    (asked,) = [m for m in mail.outbox if "/customer/link/" in m.body]
    assert asked.to == [CUSTOMER["email"]]
    link = re.search(r"https?://\S+(/customer/link/[^/\s]+/)", asked.body).group(1)

    customer = new_context(viewport=PHONE)
    customer.goto(link)
    main = customer.locator("main")
    expect(main.locator("h1")).to_have_text(
        re.compile(r"Ajouter un appareil|Add an appliance")
    )
    expect(main).to_contain_text(organisation.name)
    expect(main).to_contain_text("AquaPure 300")
    expect(main).to_contain_text("69300 Caluire")
    expect(main).not_to_contain_text(CUSTOMER["line1"])
    assert_no_serious_axe_violations(customer)
    screenshot(customer, "privacy-customer-asked-phone")
    with customer.expect_navigation():
        customer.get_by_role("button", name=re.compile(r"Oui|Yes")).click()
    expect(customer.locator(".messages")).to_contain_text(
        re.compile(r"ajouté à votre dossier|added to your record")
    )
    screenshot(customer, "privacy-customer-agreed-phone")

    # Now that the customer agreed, the installer works on their one record.
    tech.goto(detail_url)
    card = tech.locator("section[aria-labelledby=customer-title]")
    expect(card).to_contain_text("Martin-Durand")
    expect(card).to_contain_text(SECRET_PHONE)
    expect(card.locator(".notice")).to_have_count(0)

    # The link works once.
    customer.goto(link)
    expect(customer.locator("main h1")).to_have_text(
        re.compile(r"ne peut pas servir|cannot be used")
    )
