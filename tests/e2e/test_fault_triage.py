"""A customer types the code their appliance shows, on a phone: only the steps
safe for them are there, and one click asks their installer for a visit,
which the installer's callback list then holds with the unit's details
(issue 18, item 5)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.callbacks.models import CallbackRequest
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    log_in_by_code,
    screenshot,
)
from tests.pages.factories import fault_code, site_with_documentation, stream
from tests.portal.home_data import customer_world

pytestmark = pytest.mark.e2e


def _step(title, *, safe):
    return ("step", {"title": title, "text": "", "image": None, "for_customers": safe})


def test_a_customer_triages_a_fault_and_asks_for_a_visit(
    new_context, live_server, staff_groups, organisation, owner
):
    customer = customer_world(organisation)
    unit = customer.installations.get(appliance__name="AquaPure 300")
    fault_code(
        site_with_documentation()["codes"],
        [unit.appliance],
        code="E12",
        title="Fuite sous la vanne",
        resolution_steps=stream(
            _step("Coupez l'arrivée d'eau", safe=True),
            _step("Essuyez puis observez dix minutes", safe=True),
            _step("Démontez la vanne de commande", safe=False),
        ),
    )
    page = new_context(viewport=PHONE)
    log_in_by_code(page, customer.email)

    page.goto(reverse("customer_fault_codes", args=[unit.pk]))
    page.locator("main input[name=code]").fill("e12")
    page.locator("main form[role=search] button").click()
    expect(page).to_have_url(re.compile(r"/fault-codes/E12/$"))
    steps = page.locator("main ol.steps li")
    expect(steps).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("Démontez la vanne")
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, "triage-customer-steps-390")

    ask = reverse("customer_visit_ask", args=[unit.pk, "E12"])
    expect(page.locator("main input[name=phone]")).to_have_value("06 45 12 78 90")
    page.locator(f"main form[action='{ask}'] button").click()
    expect(page).to_have_url(re.compile(rf"/customer/installations/{unit.pk}/$"))
    expect(page.locator("main, [role=status], .messages").first).to_contain_text(
        organisation.name
    )
    screenshot(page, "triage-customer-asked-390")

    callback = CallbackRequest.objects.get(fault_code="E12")
    assert callback.owner_organisation == organisation
    assert unit.serial_number in callback.details

    # The installer finds it in their callbacks, with what the customer's
    # triage already told.
    installer = new_context()
    log_in(installer, owner.email, PASSWORD)
    installer.goto(reverse("reseller_callbacks"))
    expect(installer.locator("main")).to_contain_text(customer.last_name)
    screenshot(installer, "triage-installer-callbacks")
