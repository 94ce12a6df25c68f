"""Issue 16 in the browser: messages as toasts that the keyboard closes,
product thumbnails in the stock list and the cart, icons on buttons, the
sticky header; screenshots of the stock list, cart and home at 1366 and 390
px for a person to judge."""

import pytest
from playwright.sync_api import Page, expect
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from ordering.orders import services
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.ordering.factories import ApplianceFactory, ProductFactory, stocked

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def catalogue(migration_rows):
    """Twelve products, the cartridges with a picture, the joints without."""
    image = get_image_model().objects.create(
        title="Cartouche", file=get_test_image_file(colour="blue")
    )
    stocked(ApplianceFactory(reference="AQP-300", name="Adoucisseur AquaPure 300"))
    pictured = [
        stocked(
            ProductFactory(
                reference=f"CAR-{i:02}", name=f"Cartouche filtrante {i}", image=image
            )
        )
        for i in range(6)
    ]
    plain = [
        stocked(ProductFactory(reference=f"JNT-{i:02}", name=f"Joint torique {i}"))
        for i in range(5)
    ]
    return pictured, plain


def _row(page: Page, reference: str):
    return page.locator("main tbody tr").filter(has_text=reference)


def test_adding_to_the_cart_says_so_in_a_toast_closed_with_the_keyboard(
    new_context, buyer, delivery_address, catalogue
):
    page = new_context(viewport=LAPTOP)
    log_in(page, buyer.email, PASSWORD)
    page.goto("/reseller/stock/")
    row = _row(page, "CAR-01")
    # The row shows the product's picture, the button its icon.
    thumbnail = row.locator("img.thumb__img")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(_row(page, "JNT-01").locator(".thumb--none svg")).to_be_visible()
    expect(row.locator(".add-to-cart button svg[aria-hidden=true]")).to_be_visible()

    row.locator(".add-to-cart button[type=submit]").click()
    page.wait_for_load_state()

    toasts = page.locator(".messages")
    expect(toasts).to_have_attribute("role", "status")
    toast = toasts.locator(".message").first
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("CAR-01")
    # Floating over the page, top right, not pushing the content down.
    box = toast.bounding_box()
    assert box["x"] > LAPTOP["width"] / 2, box
    assert toast.evaluate("t => getComputedStyle(t.parentElement).position") == "fixed"
    expect(page.locator(".tabs__cart .count-badge")).to_contain_text("1")
    screenshot(page, "design-stock-toast-1366")
    assert_no_serious_axe_violations(page)

    close = toast.get_by_role("button", name="Fermer ce message")
    close.focus()
    page.keyboard.press("Enter")
    expect(toast).to_be_hidden()


def test_stock_cart_and_home_at_laptop_and_phone_width(
    new_context, buyer, delivery_address, catalogue
):
    pictured, plain = catalogue
    for product in (pictured[0], pictured[1], plain[0]):
        services.cart_add(user=buyer, product=product, quantity=2)
    for viewport, width in ((LAPTOP, 1366), (PHONE, 390)):
        page = new_context(viewport=viewport)
        log_in(page, buyer.email, PASSWORD)
        screenshot(page, f"design-home-{width}")
        expect(page.locator(".work-card__icon svg").first).to_be_visible()
        page.goto("/reseller/stock/")
        expect(_row(page, "CAR-02").locator("img.thumb__img")).to_be_visible()
        screenshot(page, f"design-stock-{width}")
        expect_no_page_scroll_sideways(page)
        page.goto("/reseller/cart/")
        expect(_row(page, "CAR-00").locator("img.thumb__img")).to_be_visible()
        screenshot(page, f"design-cart-{width}")
        expect_no_page_scroll_sideways(page)
        assert_no_serious_axe_violations(page)


def test_the_tabs_stay_in_view_when_the_page_scrolls(
    new_context, buyer, delivery_address, catalogue
):
    for viewport in (LAPTOP, PHONE):
        page = new_context(viewport=viewport)
        log_in(page, buyer.email, PASSWORD)
        page.goto("/reseller/stock/")
        page.mouse.wheel(0, 2000)
        page.wait_for_function("() => window.scrollY > 300")
        tabs = page.locator("nav.tabs")
        expect(tabs).to_be_in_viewport()
        assert tabs.bounding_box()["y"] < 80, tabs.bounding_box()
        # The skip link still leads to the content, and a focused field is
        # not hidden under the header.
        page.keyboard.press("Home")
        page.locator(".skip-link").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#main")).to_be_focused()
