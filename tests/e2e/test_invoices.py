"""A buyer downloads an invoice and opens their statement of account, on a
laptop and on a phone (issue 17: "a buyer downloads the invoice of a shipped
order and opens the statement")."""

import re

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
from tests.ordering.invoicing.account_data import account
from tests.ordering.invoicing.factories import billing_address

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


def _check(page: Page, name: str) -> None:
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, name)


@pytest.mark.parametrize("viewport", ["1366", "390"])
def test_a_buyer_downloads_an_invoice_and_opens_their_statement(
    new_context, buyer, organisation, manager, viewport
):
    billing_address(organisation)
    books = account(organisation, by=manager)
    page: Page = new_context(viewport=PHONE if viewport == "390" else LAPTOP)
    log_in(page, buyer.email, PASSWORD)

    # The tab, from any page.
    page.locator("nav.tabs").get_by_role("link", name="Factures").click()
    expect(page).to_have_url(re.compile(reverse("invoice_list") + "$"))
    expect(page.locator("main tbody tr")).to_have_count(5)
    expect(page.locator(".invoice-owed")).to_contain_text("99,76")
    _check(page, f"invoices-list-{viewport}")

    # Only what is overdue.
    filters = page.locator("main form[role=search]")
    filters.get_by_label("Statut").select_option("overdue")
    filters.get_by_role("button", name="Rechercher").click()
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(books.overdue.number)
    expect(rows.first).to_contain_text("En retard")

    # The invoice, then its Factur-X PDF.
    rows.first.get_by_role("link", name=books.overdue.number).click()
    expect(page.locator("h1")).to_contain_text(f"Facture {books.overdue.number}")
    expect(page.locator("main")).to_contain_text("BC-A-LATE")
    expect(page.locator("main")).to_contain_text("jours de retard")
    _check(page, f"invoice-detail-{viewport}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF (Factur-X)").click()
    assert download.value.suggested_filename == f"{books.overdue.number}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The statement of account, and its CSV.
    page.get_by_role("link", name="Factures").first.click()
    page.get_by_role("link", name="Relevé de compte").first.click()
    expect(page.locator("h1")).to_contain_text("Relevé de compte")
    summary = page.locator(".statement-summary")
    expect(summary).to_contain_text("Solde dû")
    expect(summary).to_contain_text("99,76")
    expect(summary).to_contain_text("29,88")
    expect(page.locator("main")).to_contain_text("VIR-A-0042")
    _check(page, f"statement-of-account-{viewport}")
    csv_link = page.get_by_role("link", name="Télécharger en CSV")
    answer = page.request.get(csv_link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert books.overdue.number in answer.text()
