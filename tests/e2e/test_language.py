"""The header's language switch: French by default, English on request."""

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import expect_reseller_tabs, log_in, screenshot

pytestmark = pytest.mark.e2e


def test_language_switch_turns_the_portal_english_and_back(
    page: Page, live_server, buyer
):
    log_in(page, buyer.email, PASSWORD)
    html = page.locator("html")
    switch = page.locator(".site-header .language-switch")
    expect(html).to_have_attribute("lang", "fr")
    expect(switch.locator("[aria-current=true]")).to_contain_text("FR")

    switch.get_by_role("button", name="EN").click()

    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(switch.locator("[aria-current=true]")).to_contain_text("EN")
    expect(page.locator('nav.tabs a[href="/reseller/orders/"]')).to_have_text(
        "Orders and tracking"
    )
    screenshot(page, "language-english-home")

    # The choice is remembered on the next page.
    page.locator('nav.tabs a[href="/reseller/installations/"]').click()
    expect(page).to_have_url(f"{live_server.url}/reseller/installations/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Customer installations")
    expect_reseller_tabs(page)
    screenshot(page, "language-english-next-page")

    switch.get_by_role("button", name="FR").click()

    expect(html).to_have_attribute("lang", "fr")
    expect(page).to_have_url(f"{live_server.url}/reseller/installations/")
    expect(switch.locator("[aria-current=true]")).to_contain_text("FR")
    expect(switch.get_by_role("button", name="EN")).to_be_visible()
    expect_reseller_tabs(page)
    screenshot(page, "language-back-to-french")
