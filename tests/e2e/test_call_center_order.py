"""An agent orders for the customer on the phone: a part of the customer's
appliance one keystroke away, another product found by its reference, the
summary read back with its total, then the order placed, on a desktop and on a
phone."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from ordering.orders.models import Order
from tests.accounts.factories import PASSWORD, CustomerFactory, InstallationFactory
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.ordering.factories import ApplianceFactory, CompatibilityFactory, stocked

pytestmark = pytest.mark.e2e

WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def customer(organisation):
    """Noémie has an AquaPure 300: two parts fit it; salt fits nothing."""
    customer = CustomerFactory(first_name="Noémie", last_name="Garnier")
    appliance = ApplianceFactory(reference="AQP-300", name="AquaPure 300")
    InstallationFactory(
        customer=customer,
        appliance=appliance,
        organisation=organisation,
        serial_number="SN-778899",
    )
    for reference, name, price in [
        ("CAR-AQP-01", "Cartouche sédiments AquaPure", "24.90"),
        ("MEM-AQP-02", "Membrane osmose AquaPure", "89.00"),
    ]:
        part = stocked(reference=reference, name=name, unit_price=Decimal(price))
        CompatibilityFactory(appliance=appliance, part=part)
    stocked(reference="SEL-25", name="Sel régénérant 25 kg", unit_price=Decimal("10"))
    return customer


def quantity_of(page: Page, reference: str):
    return page.get_by_label(re.compile(f"^(Quantité de|Quantity of) {reference} "))


def fill_the_order(page: Page, customer) -> None:
    """From the customer's page: one cartridge, then two bags of salt found by
    their reference."""
    page.goto(f"/staff/customers/{customer.pk}/")
    page.get_by_role(
        "link", name=re.compile("^(Passer une commande|Place an order)$")
    ).click()
    expect(page.locator("h1")).to_contain_text("Noémie Garnier")
    expect(page.locator(".order-rows")).to_contain_text("Membrane osmose AquaPure")
    quantity_of(page, "CAR-AQP-01").fill("1")
    page.get_by_label(re.compile("Chercher un produit|Find a product")).fill("sel-25")
    page.locator("#product-search").click()
    expect(page.locator(".result-count")).to_contain_text("sel-25")
    expect(quantity_of(page, "CAR-AQP-01")).to_have_value("1")  # kept
    quantity_of(page, "SEL-25").fill("2")
    page.get_by_role(
        "button", name=re.compile("Mettre à jour les totaux|Update the totals")
    ).click()
    # 24.90 + 2 × 10.00 = 44.90 excl. VAT, 53.88 incl. VAT.
    expect(page.locator(".order-totals")).to_contain_text(re.compile(r"53,88\s?€"))


def review(page: Page) -> None:
    page.get_by_role(
        "button", name=re.compile("Vérifier la commande|Review the order")
    ).click()
    summary = page.locator(".order-summary")
    expect(summary).to_contain_text("CAR-AQP-01")
    expect(summary).to_contain_text("SEL-25")
    expect(summary.locator("tfoot .total")).to_contain_text(re.compile(r"53,88\s?€"))


def test_an_agent_orders_for_the_customer_on_the_phone(new_context, agent, customer):
    page = new_context(viewport=WIDE)
    log_in(page, agent.email, PASSWORD)
    fill_the_order(page, customer)
    screenshot(page, "call_center_order_form_1366")
    assert_no_serious_axe_violations(page)

    review(page)
    assert not Order.objects.exists()  # reviewing orders nothing
    screenshot(page, "call_center_order_summary_1366")
    assert_no_serious_axe_violations(page)

    place = re.compile("Passer la commande|Place the order")
    page.get_by_role("button", name=place).click()
    expect(page).to_have_url(re.compile(rf"/staff/customers/{customer.pk}/$"))
    order = Order.objects.get()
    expect(page.locator(".messages")).to_contain_text(order.number)
    assert order.total_incl_vat == Decimal("53.88")
    assert sorted(line.quantity for line in order.lines.all()) == [1, 2]


def test_the_order_form_fits_a_phone(new_context, agent, customer):
    page = new_context(viewport=PHONE)
    log_in(page, agent.email, PASSWORD)
    fill_the_order(page, customer)
    expect_no_page_scroll_sideways(page)
    screenshot(page, "call_center_order_form_390")
    assert_no_serious_axe_violations(page)

    review(page)
    expect_no_page_scroll_sideways(page)
    screenshot(page, "call_center_order_summary_390")
    assert_no_serious_axe_violations(page)
