"""The end customer signs in from the portal's login page, by a code sent by
e-mail, and the e-mail is the portal's own (its name, never the host's)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.network.models import User
from tests.accounts.factories import CustomerFactory, InstallationFactory
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    login_code_sent_to,
    screenshot,
)

pytestmark = pytest.mark.e2e

EMAIL = "lea.durand@example.test"


@pytest.fixture
def customer(transactional_db, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portail.oxyplus.test"
    customer = CustomerFactory(first_name="Léa", last_name="Durand", email=EMAIL)
    customer.user = User.objects.create_user(email=EMAIL)
    customer.save()
    # As the installation form leaves it: the address not confirmed yet.
    EmailAddress.objects.create(user=customer.user, email=EMAIL, primary=True)
    InstallationFactory(customer=customer)
    return customer


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_customer_signs_in_from_the_login_pages_customer_link(
    new_context, live_server, customer, viewport
):
    page: Page = new_context(viewport=PHONE) if viewport == "phone" else new_context()
    page.goto("/accounts/login/")
    page.get_by_role("link", name=re.compile("Je suis client")).click()

    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    expect(page.locator(".brand__sub")).to_have_text("Espace client")
    expect(page.locator("main h1")).to_have_text("Se connecter à votre espace client")
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, f"customer-sign-in-code-{viewport}")

    page.locator("main input[name=email]").fill(EMAIL)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".brand__sub")).to_have_text("Espace client")

    [code_mail] = [m for m in mail.outbox if EMAIL in m.to]
    html = code_mail.alternatives[0][0]
    port = live_server.url.rsplit(":", 1)[-1]
    for body in (code_mail.body, html):
        assert "Oxyplus" in body and "Espace client" in body
        assert f":{port}" not in body and "testserver" not in body
        assert "portail.oxyplus.test" in body
    page.locator("main input[name=code]").fill(login_code_sent_to(EMAIL))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/customer/")
    expect(page.locator("main h1")).to_contain_text("Léa")
    # Only the welcome: no "you have confirmed lea.durand@…" beside it.
    expect(page.locator(".messages")).not_to_contain_text("confirmé")
    screenshot(page, f"customer-signed-in-{viewport}")
