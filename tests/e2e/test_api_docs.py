"""The API's interactive documentation works under the portal's strict CSP:
a reseller creates a token, authorises the page with it and tries a call."""

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import log_in, screenshot
from tests.ordering.factories import stocked

pytestmark = pytest.mark.e2e


def test_a_buyer_tries_the_api_from_its_documentation(page: Page, live_server, buyer):
    stocked(reference="CART-AQ10", name="Cartouche AquaPure 10")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url)
            else outside.append(request.url)
        ),
    )
    log_in(page, buyer.email, PASSWORD)
    page.goto("/account/api-tokens/")
    page.get_by_label("À quoi sert ce jeton ?").or_(
        page.get_by_label("What is the token for?")
    ).fill("Logiciel de caisse")
    page.locator("form button[type=submit]").last.click()
    secret = page.locator("#id_secret").input_value()
    assert secret.startswith("oxy_")
    screenshot(page, "api-tokens-new-secret")

    page.goto("/api/v1/docs")
    expect(page.get_by_text("Oxyplus portal API")).to_be_visible()
    page.get_by_role("button", name="Authorize").first.click()
    page.get_by_label("auth-bearer-value").fill(secret)
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".modal-ux").get_by_role("button", name="Close").click()
    page.locator("#operations-Products_and_stock-product_list").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    live = page.locator(".live-responses-table tbody .response-col_status")
    expect(live).to_have_text("200")
    expect(page.locator(".live-responses-table")).to_contain_text("CART-AQ10")
    screenshot(page, "api-docs-try-it-out")
    assert violations == []
    assert outside == []
