"""Search journeys: a buyer finds an order by the customer's name typed as
it comes, without accents and the words in any order."""

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import log_in, screenshot, search_orders
from tests.ordering.factories import placed_order, stocked

pytestmark = pytest.mark.e2e


def test_a_buyer_finds_gerard_chevalier_typing_chevalier_gerard(
    page: Page, buyer, delivery_address
):
    cartridge = stocked(reference="CAR-AQP-01", name="Cartouche sédiments")
    gerard = placed_order(buyer, [(cartridge, 1)], end_customer_name="Gérard Chevalier")
    durand = placed_order(buyer, [(cartridge, 1)], end_customer_name="Marie Durand")

    log_in(page, buyer.email, PASSWORD)
    page.locator('nav.tabs a[href="/reseller/orders/"]').click()
    expect(page.locator("main tbody tr")).to_have_count(2)
    found = search_orders(page, "chevalier gerard")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Gérard Chevalier")
    expect(found).to_contain_text(gerard.number)
    expect(found).not_to_contain_text(durand.number)
    expect(page.locator("main input[name=q]")).to_have_value("chevalier gerard")
    screenshot(page, "search-orders-chevalier-gerard")
