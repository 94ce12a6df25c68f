"""A reseller creates an API token for their own software and copies it in one
click: the secret is shown only once."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_new_token_is_copied_with_one_button(new_context, buyer, viewport):
    page: Page = new_context(viewport=PHONE) if viewport == "phone" else new_context()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, buyer.email, PASSWORD)
    page.goto(reverse("api_tokens"))

    page.locator("main input[name=name]").fill("Tableur de stock")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer le jeton").click()

    secret = page.locator("#id_secret").input_value()
    assert len(secret) > 20
    page.get_by_role("button", name="Copier le jeton").click()
    expect(page.locator("#id_secret_copied")).to_contain_text("Copié")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, f"api-token-copied-{viewport}")
