"""A shortage offered as a back-order and accepted: the buyer asks for more
than is in stock, reads what ships now and when the rest is expected,
chooses to ship what is available, and finds the back-order on the order."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from ordering.orders.models import Order
from ordering.stock.models import StockLevel
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.ordering.factories import ProductFactory, placed_order, stocked

pytestmark = pytest.mark.e2e

RESTOCK = date(2031, 3, 4)


@pytest.fixture
def filters(db):
    """Ten sediment filters in stock, more expected on 4 March 2031."""
    product = stocked(
        ProductFactory(reference="FLT-SED-20", name="Filtre sédiments 20 µm"),
        on_hand=10,
    )
    StockLevel.objects.filter(product=product).update(restock_date=RESTOCK)
    return product


def _add_from_the_product_page(page: Page, reference: str, quantity: int) -> None:
    page.goto(f"/reseller/products/{reference}/")
    form = page.locator("form.add-to-cart").first
    form.locator("input[name=quantity]").fill(str(quantity))
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .message--success")).to_contain_text(reference)


def test_a_buyer_accepts_a_back_order_and_sees_it_on_the_order(
    page: Page, new_context, buyer, delivery_address, filters
):
    log_in(page, buyer.email, PASSWORD)
    _add_from_the_product_page(page, "FLT-SED-20", 25)

    page.goto("/reseller/cart/")
    line = page.locator(".cart-table tbody tr").first
    expect(line.locator(".ships-now")).to_have_text(
        re.compile(r"10 (peuvent partir maintenant|can ship now)")
    )
    expect(line.locator(".restock")).to_have_text(
        re.compile(r"15 (attendues le 4 mars 2031|expected on March 4, 2031)")
    )
    checkout = page.locator("form.checkout-form")
    choice = checkout.locator("input[name=shipping_preference][value=as_available]")
    expect(choice).not_to_be_checked()
    expect(
        checkout.locator("label").filter(
            has=page.locator("input[name=shipping_preference][value=as_available]")
        )
    ).to_contain_text(re.compile(r"Expédier le disponible maintenant|Ship what is"))
    assert_no_serious_axe_violations(page)
    screenshot(page, "backorder-cart-desktop")

    # The same cart on a phone: the line and the choice fit the screen.
    phone = new_context(viewport=PHONE)
    log_in(phone, buyer.email, PASSWORD)
    phone.goto("/reseller/cart/")
    expect(phone.locator(".cart-table .ships-now")).to_be_visible()
    expect_no_page_scroll_sideways(phone)
    screenshot(phone, "backorder-cart-phone")

    choice.check()
    checkout.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/reseller/orders/[A-Z]+-\d{4}-\d{6}/$"))
    order = Order.objects.get()
    assert order.shipping_preference == Order.ShippingPreference.AS_AVAILABLE
    note = page.locator(".backorder-note")
    expect(note).to_contain_text(re.compile(r"15 (unités attendent|units wait)"))
    row = page.locator("main table tbody tr").first
    expect(row).to_contain_text(
        re.compile(r"15\s+(attendu le 4 mars 2031|expected on March 4, 2031)")
    )
    expect(page.locator("#order-facts + .facts")).to_contain_text(
        re.compile(r"Expédier le disponible maintenant|Ship what is available")
    )
    assert_no_serious_axe_violations(page)
    screenshot(page, "backorder-order-desktop")

    phone.goto(f"/reseller/orders/{order.number}/")
    expect(phone.locator(".backorder-note")).to_be_visible()
    expect_no_page_scroll_sideways(phone)
    screenshot(phone, "backorder-order-phone")

    page.goto("/reseller/orders/")
    listed = page.locator("main tbody tr").filter(has_text=order.number)
    expect(listed.locator(".badge--warning")).to_have_text(
        re.compile(r"Reliquat|Back-order")
    )


def test_staff_record_a_receipt_that_serves_the_back_order(
    new_context, settings, buyer, manager, delivery_address, filters
):
    # Staff reach the admin with a password only (as in test_ordering.py).
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    order = placed_order(
        buyer,
        [(filters, 25)],
        shipping_preference=Order.ShippingPreference.TOGETHER,
    )
    level = StockLevel.objects.get(product=filters)

    staff = new_context()
    log_in(staff, manager.email, PASSWORD)
    staff.goto(f"/admin/stock-receipt/?stock_level={level.pk}")
    staff.locator("input[name=quantity]").fill("20")
    screenshot(staff, "backorder-admin-receipt")
    staff.get_by_role(
        "button", name=re.compile(r"Enregistrer la réception|Record the receipt")
    ).click()

    expect(staff.locator(".messages")).to_contain_text(
        re.compile(r"20 (unités|units) .* 15")
    )
    # Wagtail fades its messages in: the picture waits until it shows.
    expect(staff.locator(".messages > ul")).to_have_css("opacity", "1")
    screenshot(staff, "backorder-admin-receipt-done")
    line = order.lines.get()
    assert line.quantity_backordered == 0
    level.refresh_from_db()
    assert (level.on_hand, level.reserved) == (30, 25)
