"""Ordering journeys: stock search, cart, on-account checkout, orders search,
staff shipment in the Wagtail admin, quick order, phone layout, roles."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ordering.orders import services
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
    search_orders,
)
from tests.ordering.factories import (
    ApplianceFactory,
    CarrierFactory,
    CompatibilityFactory,
    StockLevelFactory,
    WarehouseFactory,
    placed_order,
    stocked,
)

pytestmark = pytest.mark.e2e

TRACKING_NUMBER = "6A12345678901"
EURO = r"\s?€"


@pytest.fixture
def aquapure(db):
    """An appliance with three parts that fit it, stocked in two warehouses,
    and a product that fits nothing."""
    nantes = WarehouseFactory(code="nantes", name="Entrepôt de Nantes", priority=2)
    appliance = stocked(ApplianceFactory(reference="AQP-300", name="AquaPure 300"))
    parts = [
        stocked(
            reference="CAR-AQP-01",
            name="Cartouche sédiments AquaPure",
            unit_price=Decimal("24.90"),
        ),
        stocked(
            reference="MEM-AQP-02",
            name="Membrane osmose AquaPure",
            unit_price=Decimal("89.00"),
        ),
        stocked(
            reference="UV-AQP-03",
            name="Lampe UV AquaPure",
            unit_price=Decimal("45.50"),
        ),
    ]
    for part in parts:
        CompatibilityFactory(appliance=appliance, part=part)
        StockLevelFactory(product=part, warehouse=nantes, on_hand=12)
    stocked(reference="SEL-25", name="Sel régénérant 25 kg")
    return appliance, parts


def stock_row(page: Page, reference: str):
    return page.locator(".stock-table tbody tr").filter(
        has=page.locator(".ref", has_text=re.compile(f"^{reference}$"))
    )


def expect_within_the_screen(page: Page, locator) -> None:
    """The element is laid out across the window, not past its right edge."""
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not displayed"
    width = page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (locator, box, width)


def expect_no_table_scroll_sideways(table_wrap) -> None:
    """Everything in the box is shown: nothing hides past its right edge."""
    widths = table_wrap.evaluate(
        "el => ({content: el.scrollWidth, box: el.clientWidth})"
    )
    assert widths["content"] <= widths["box"], widths


def expect_cart_link_beside_the_tabs(page: Page) -> None:
    """The header's cart link never covers a tab: it is beside them or below."""
    tabs = page.locator("nav.tabs .tabs__list").bounding_box()
    cart = page.locator("nav.tabs a.tabs__cart").bounding_box()
    assert tabs and cart, (tabs, cart)
    beside = cart["x"] >= tabs["x"] + tabs["width"]
    below = cart["y"] >= tabs["y"] + tabs["height"]
    assert beside or below, (tabs, cart)
    expect(page.locator("nav.tabs a.tabs__cart")).to_be_visible()


def add_from_stock(page: Page, reference: str, quantity: int) -> None:
    row = stock_row(page, reference)
    row.locator("input[name=quantity]").fill(str(quantity))
    row.locator(".add-to-cart button[type=submit]").click()
    expect(page.locator(".messages .message--success")).to_contain_text(reference)


def test_buyer_orders_on_account_and_follows_the_shipment(
    page: Page,
    new_context,
    live_server,
    settings,
    buyer,
    manager,
    delivery_address,
    aquapure,
):
    # Staff reach the admin with a password only
    # (as in tests/accounts/network/test_mfa.py).
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    appliance, parts = aquapure
    carrier = CarrierFactory()
    earlier = placed_order(buyer, [(parts[0], 1)], end_customer_name="M. Durand")

    log_in(page, buyer.email, PASSWORD)
    page.locator('nav.tabs a[href="/reseller/stock/"]').click()
    search = page.locator("main form[role=search]")
    search.locator("input[name=q]").fill("AquaPure 300")
    search.locator("button[type=submit]").click()

    # The appliance and the three parts that fit it; not the salt.
    rows = page.locator(".stock-table tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator(".result-count")).to_contain_text("4")
    for reference in ["AQP-300", "CAR-AQP-01", "MEM-AQP-02", "UV-AQP-03"]:
        expect(stock_row(page, reference)).to_have_count(1)
    expect(stock_row(page, "SEL-25")).to_have_count(0)
    expect(stock_row(page, "MEM-AQP-02")).to_contain_text(re.compile(r"89[,.]00"))
    expect(page.locator(".stock-table thead")).to_contain_text("Entrepôt de Nantes")
    expect_cart_link_beside_the_tabs(page)
    screenshot(page, "ordering-stock-search-desktop")

    add_from_stock(page, "CAR-AQP-01", 2)
    # The search is kept after each addition.
    expect(search.locator("input[name=q]")).to_have_value("AquaPure 300")
    add_from_stock(page, "MEM-AQP-02", 1)
    add_from_stock(page, "UV-AQP-03", 3)

    page.locator("nav.tabs a.tabs__cart").click()
    expect(page).to_have_url(f"{live_server.url}/reseller/cart/")
    lines = page.locator(".cart-table tbody tr")
    expect(lines).to_have_count(3)
    expect(page.locator("#cart-qty-" + str(parts[2].pk))).to_have_value("3")
    # 2 × 24.90 + 89.00 + 3 × 45.50 = 275.30; VAT 20 % = 55.06.
    footer = page.locator(".cart-table tfoot")
    expect(footer.locator("tr").first).to_contain_text(re.compile(r"275[,.]30" + EURO))
    expect(footer).to_contain_text(re.compile(r"55[,.]06" + EURO))
    expect(footer.locator("tr.total")).to_contain_text(re.compile(r"330[,.]36" + EURO))

    checkout = page.locator("form.checkout-form")
    expect(
        checkout.locator(f'input[name=address][value="{delivery_address.pk}"]')
    ).to_be_checked()
    expect(
        checkout.locator('input[name=payment_method][value="on_account"]')
    ).to_be_checked()
    checkout.locator("input[name=purchase_order_reference]").fill("BC-2024-117")
    checkout.locator("input[name=end_customer_name]").fill("Mme Girard")
    screenshot(page, "ordering-cart-totals")
    checkout.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/reseller/orders/[A-Z]+-\d{4}-\d{6}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    expect(page.locator(".messages .message--success")).to_contain_text(number)
    expect(page.locator("main h1")).to_contain_text(number)
    expect(page.locator("main h1 .badge")).to_have_text(
        re.compile(r"Confirmée|Confirmed")
    )
    expect(page.locator("#order-facts + .facts")).to_contain_text("Mme Girard")
    expect(page.locator("#order-facts + .facts")).to_contain_text("BC-2024-117")
    expect(page.locator("main address")).to_contain_text("12 rue de la Charité")

    # The orders tab finds the order by the end customer's name.
    page.locator('nav.tabs a[href="/reseller/orders/"]').click()
    expect(page.locator("main tbody tr")).to_have_count(2)
    found = search_orders(page, "girard")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Mme Girard")
    expect(found).not_to_contain_text(earlier.number)
    expect(found.locator(".badge")).to_have_text(re.compile(r"Confirmée|Confirmed"))
    screenshot(page, "ordering-orders-search")
    found.locator(f'a[href="/reseller/orders/{number}/"]').click()

    timeline = page.locator("ol.timeline li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_contain_text(re.compile(r"Passée|Placed"))
    expect(timeline.nth(1)).to_contain_text(re.compile(r"Confirmée|Confirmed"))
    expect(page.locator("a.tracking-link")).to_have_count(0)

    # Oxyplus staff record the parcel in the Wagtail admin.
    staff = new_context()
    log_in(staff, manager.email, PASSWORD)
    staff.goto(f"{reverse('shipment:add')}?order={number}")
    expect(staff.locator("input[name=order_number]")).to_have_value(number)
    staff.locator("select[name=carrier]").select_option(label=carrier.name)
    staff.locator("input[name=tracking_number]").fill(TRACKING_NUMBER)
    screenshot(staff, "ordering-admin-shipment-form")
    staff.get_by_role(
        "button", name=re.compile(r"^(Créer|Create|Enregistrer|Save)$")
    ).click()
    expect(staff).to_have_url(re.compile(r"/admin/shipment/$"))
    expect(staff.locator("main table")).to_contain_text(TRACKING_NUMBER)

    # The buyer reloads the order page: shipped, with the carrier's tracking link.
    page.reload()
    expect(page.locator("main h1 .badge")).to_have_text(re.compile(r"Expédiée|Shipped"))
    link = page.locator("a.tracking-link")
    expect(link).to_have_count(1)
    expect(link).to_contain_text(TRACKING_NUMBER)
    expect(link).to_have_attribute("href", carrier.tracking_url(TRACKING_NUMBER))
    expect(link).to_have_attribute("target", "_blank")
    expect(page.locator(".shipment")).to_contain_text(carrier.name)
    expect(timeline.last).to_contain_text(re.compile(r"Expédiée|Shipped"))
    expect(timeline.last).to_contain_text(TRACKING_NUMBER)
    screenshot(page, "ordering-order-shipped")


def test_quick_order_keeps_only_the_bad_line_to_correct(page: Page, buyer):
    stocked(reference="REF-A", name="Cartouche A")
    stocked(reference="REF-B", name="Cartouche B")

    log_in(page, buyer.email, PASSWORD)
    page.goto("/reseller/cart/")
    quick = page.locator("section[aria-labelledby=quick-order-title]")
    quick.locator("textarea[name=lines]").fill("REF-A;2\nNOPE;1\nREF-B;3")
    quick.locator("button[type=submit]").click()

    errors = quick.locator(".form-errors[role=alert] .line-errors li")
    expect(errors).to_have_count(1)
    expect(errors).to_contain_text(re.compile(r"(Ligne|Line) 2\b"))
    expect(errors).to_contain_text("NOPE")
    expect(page.locator(".messages .message--success")).to_contain_text("2")
    lines = page.locator(".cart-table tbody tr")
    expect(lines).to_have_count(2)
    expect(
        lines.filter(has_text="REF-A").locator("input[name=quantity]")
    ).to_have_value("2")
    expect(
        lines.filter(has_text="REF-B").locator("input[name=quantity]")
    ).to_have_value("3")
    expect(quick.locator("textarea[name=lines]")).to_have_value("NOPE;1")
    screenshot(page, "ordering-quick-order-error")


def test_stock_cart_and_orders_work_on_a_phone(
    new_context, buyer, delivery_address, aquapure
):
    appliance, parts = aquapure
    order = placed_order(
        buyer, [(parts[0], 2), (parts[1], 1)], end_customer_name="Mme Girard"
    )
    phone = new_context(viewport=PHONE)
    log_in(phone, buyer.email, PASSWORD)

    phone.goto("/reseller/stock/?q=AquaPure+300")
    expect(phone.locator(".stock-table tbody tr")).to_have_count(4)
    expect_no_page_scroll_sideways(phone)
    assert_no_serious_axe_violations(phone)
    screenshot(phone, "ordering-stock-search-phone")
    # The Add button, past the warehouses, is reached inside the table.
    add_from_stock(phone, "UV-AQP-03", 2)

    expect_cart_link_beside_the_tabs(phone)
    phone.locator("nav.tabs a.tabs__cart").click()
    line = phone.locator(".cart-table tbody tr")
    expect(line).to_have_count(1)
    # Quantity, line total and order total are on screen, not past its edge.
    expect_within_the_screen(phone, line.locator("input[name=quantity]"))
    expect_within_the_screen(phone, line.locator("button[type=submit]").first)
    expect_within_the_screen(phone, line.locator("td.num").last)
    total = phone.locator(".cart-table tfoot tr.total")
    expect(total).to_contain_text(re.compile(r"109[,.]20" + EURO))
    expect_within_the_screen(phone, total.locator("td"))
    expect_no_table_scroll_sideways(phone.locator("main .table-wrap"))
    expect(phone.locator("form.checkout-form button[type=submit]")).to_be_visible()
    expect_no_page_scroll_sideways(phone)
    assert_no_serious_axe_violations(phone)
    screenshot(phone, "ordering-cart-phone")

    phone.goto("/reseller/orders/")
    expect(phone.locator("main tbody tr")).to_have_count(1)
    expect_no_page_scroll_sideways(phone)
    assert_no_serious_axe_violations(phone)

    phone.goto(f"/reseller/orders/{order.number}/")
    expect(phone.locator("main h1")).to_contain_text(order.number)
    expect_no_page_scroll_sideways(phone)
    assert_no_serious_axe_violations(phone)
    screenshot(phone, "ordering-order-phone")


def test_technician_sees_no_orders_nor_stock_and_cannot_open_the_cart(
    page: Page, technician, aquapure
):
    # DESIGN.md: technicians read documentation and record installations.
    log_in(page, technician.email, PASSWORD)
    tabs = page.locator("nav.tabs")
    expect(tabs.locator('a[href="/reseller/documentation/"]')).to_be_visible()
    expect(tabs.locator('a[href="/reseller/installations/"]')).to_be_visible()
    for href in ("/reseller/stock/", "/reseller/orders/", "/reseller/cart/"):
        expect(tabs.locator(f'a[href="{href}"]')).to_have_count(0)
        expect(page.locator(f'main a[href="{href}"]')).to_have_count(0)

    response = page.goto("/reseller/stock/?q=AquaPure+300")
    assert response is not None and response.status == 403
    expect(page.locator(".stock-table")).to_have_count(0)

    response = page.goto("/reseller/cart/")
    assert response is not None and response.status == 403
    expect(page.locator("main h1")).to_have_text(
        re.compile(r"Accès refusé|Access refused")
    )
    expect(page.locator(".cart-table")).to_have_count(0)
    expect(page.locator("form.checkout-form")).to_have_count(0)


def test_buyer_reads_a_product_page_then_cancels_an_order_after_confirming(
    page: Page, buyer, aquapure, delivery_address
):
    appliance, parts = aquapure
    order = placed_order(buyer, [(parts[0], 2)], end_customer_name="M. Roux")

    # The appliance's page lists the parts that fit it, from the one table.
    log_in(page, buyer.email, PASSWORD)
    page.goto("/reseller/stock/?q=AquaPure+300")
    stock_row(page, "AQP-300").get_by_role("link", name="AquaPure 300").click()
    expect(page.locator("main h1")).to_have_text("AquaPure 300")
    compatible = page.locator("main table tbody tr")
    expect(compatible).to_have_count(3)
    expect(compatible.first).to_contain_text("CAR-AQP-01")
    # The appliance and each part it takes are one click from the cart.
    expect(page.locator(".add-to-cart")).to_have_count(4)
    screenshot(page, "ordering-product-page")
    with page.expect_navigation():
        compatible.first.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("CAR-AQP-01")
    expect(page.locator("main h1")).to_have_text("AquaPure 300")

    # Cancelling asks first; keeping the order changes nothing.
    page.goto(f"/reseller/orders/{order.number}/")
    page.get_by_role(
        "link", name=re.compile(r"Annuler la commande|Cancel the order")
    ).click()
    expect(page.locator("main h1")).to_contain_text(order.number)
    screenshot(page, "ordering-cancel-confirmation")
    page.get_by_role(
        "link", name=re.compile(r"Garder la commande|Keep the order")
    ).click()
    expect(page.locator("main h1 .badge")).to_have_text(
        re.compile(r"Confirmée|Confirmed")
    )

    page.get_by_role(
        "link", name=re.compile(r"Annuler la commande|Cancel the order")
    ).click()
    page.locator("input[name=reason]").fill("Doublon")
    page.get_by_role(
        "button", name=re.compile(r"Annuler la commande|Cancel the order")
    ).click()
    expect(page.locator("main h1 .badge")).to_have_text(
        re.compile(r"Annulée|Cancelled")
    )
    expect(page.locator("ol.timeline li").last).to_contain_text("Doublon")


def test_quick_order_from_a_spreadsheets_csv_file(page: Page, buyer, tmp_path):
    stocked(reference="SEL-PAS-25", name="Sel en pastilles 25 kg")
    stocked(reference="FIL-SED-10", name="Filtre à sédiment")
    # As a French Excel saves it: Windows-1252, ";", quotes, a header row,
    # trailing separators and an empty row.
    path = tmp_path / "commande.csv"
    path.write_bytes(
        (
            "Référence;Désignation;Quantité;;\r\n"
            '"SEL-PAS-25";"Sel en pastilles 25 kg";"2";;\r\n'
            '"FIL-SED-10";"Filtre à sédiment";"3";;\r\n'
            ";;;;\r\n"
        ).encode("cp1252")
    )

    log_in(page, buyer.email, PASSWORD)
    page.goto("/reseller/cart/")
    quick = page.locator("section[aria-labelledby=quick-order-title]")
    quick.locator("input[name=file]").set_input_files(path)
    with page.expect_navigation():
        quick.locator("button[type=submit]").click()

    expect(page.locator(".messages .message--success")).to_contain_text("2")
    expect(quick.locator(".form-errors")).to_have_count(0)
    lines = page.locator(".cart-table tbody tr")
    expect(lines).to_have_count(2)
    salt = lines.filter(has_text="SEL-PAS-25")
    expect(salt.locator("input[name=quantity]")).to_have_value("2")
    sediment = lines.filter(has_text="FIL-SED-10")
    expect(sediment).to_contain_text("Filtre à sédiment")
    expect(sediment.locator("input[name=quantity]")).to_have_value("3")
    screenshot(page, "ordering-quick-order-csv")


def test_checkout_names_each_address_by_kind_on_a_phone(
    new_context, buyer, delivery_address
):
    from accounts.network.models import OrganisationAddress

    organisation = delivery_address.organisation
    for line1 in ("12 rue de la Charité", "3 place Bellecour"):
        OrganisationAddress.objects.create(
            organisation=organisation,
            kind=OrganisationAddress.Kind.BILLING,
            line1=line1,
            postcode="69002",
            city="Lyon",
        )
    services.cart_add(user=buyer, product=stocked(reference="CAR-AQP-01"), quantity=1)

    phone = new_context(viewport=PHONE)
    log_in(phone, buyer.email, PASSWORD)
    phone.goto("/reseller/cart/")
    checkout = phone.locator("form.checkout-form")
    choices = checkout.locator("input[name=address]")
    expect(choices).to_have_count(2)  # the workshop once, though it is both
    labels = checkout.locator("label").filter(has=phone.locator("input[name=address]"))
    expect(labels.first).to_contain_text(
        re.compile(r"^\s*(Livraison et facturation|Delivery and billing) — Atelier")
    )
    expect(labels.nth(1)).to_contain_text(
        re.compile(r"^\s*(Facturation|Billing) — 3 place Bellecour")
    )
    expect(choices.first).to_be_checked()
    expect_no_page_scroll_sideways(phone)
    checkout.scroll_into_view_if_needed()
    screenshot(phone, "ordering-checkout-addresses-phone")
