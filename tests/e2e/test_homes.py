"""Each role lands on a home showing today's work; a card opens the list of
those very rows (issue 16, item 1). Screenshots at 1366 px and 390 px."""

import re
from datetime import timedelta

import pytest
from django.template.defaultfilters import date as date_format
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage
from wagtail.models import Workflow

from pages.workflows import DOCUMENTATION_REVIEW
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    log_in_by_code,
    screenshot,
)
from tests.ordering.factories import ApplianceFactory
from tests.pages.factories import (
    fault_code,
    manual,
    site_with_documentation,
    technical_sheet,
)
from tests.portal.home_data import (
    buyer_world,
    callcenter_world,
    customer_world,
    network_world,
    search_misses_world,
    team_world,
    technician_world,
)

pytestmark = pytest.mark.e2e

WIDE = {"width": 1366, "height": 900}


def _card(page: Page, href: str):
    return page.locator(f'main a.work-card__link[href="{href}"]')


def _home_looks_right(page: Page, role: str) -> None:
    """Both screen sizes: screenshots, no sideways scroll on a phone, no
    serious accessibility fault."""
    page.set_viewport_size(WIDE)
    page.goto("/")
    assert_no_serious_axe_violations(page)
    screenshot(page, f"home-{role}-1366")
    page.set_viewport_size(PHONE)
    page.goto("/")
    expect_no_page_scroll_sideways(page)
    screenshot(page, f"home-{role}-390")
    page.set_viewport_size(WIDE)
    page.goto("/")


def _open(page: Page, role: str, href: str, figure: str, rows: int) -> None:
    card = _card(page, href)
    expect(card.locator(".work-card__figure")).to_have_text(figure)
    card.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.locator("main tbody tr")).to_have_count(rows)
    screenshot(page, f"home-{role}-card-opened")


def test_a_buyer_s_home_shows_orders_to_receive_and_opens_them(
    page: Page, live_server, buyer, organisation
):
    shipped = buyer_world(organisation)
    log_in(page, buyer.email, PASSWORD)
    _home_looks_right(page, "buyer")

    expect(_card(page, "/reseller/orders/?status=open")).to_contain_text(
        re.compile(r"2\s+commandes en cours")
    )
    expect(page.locator(".work-card__tracking")).to_contain_text(shipped.number)
    back = "/reseller/stock/?back_in_stock=on"
    expect(_card(page, back)).to_contain_text(
        re.compile(r"2\s+produits que vous commandez sont de retour en stock")
    )
    _open(page, "buyer", back, "2", 2)
    expect(page.locator("main tbody")).to_contain_text("Cartouche de retour")
    expect(
        page.get_by_label("De retour en stock, parmi ce que vous commandez")
    ).to_be_checked()
    page.goto("/")
    _open(page, "buyer", "/reseller/orders/?status=to_receive", "2", 2)


def test_a_technician_s_home_shows_maintenance_due_and_opens_it(
    page: Page, live_server, technician, organisation
):
    technician_world(organisation)
    log_in(page, technician.email, PASSWORD)
    _home_looks_right(page, "technician")

    expect(_card(page, "/reseller/orders/?status=open")).to_have_count(0)
    expect(
        _card(page, "/reseller/callbacks/?show=ours").locator(".work-card__figure")
    ).to_have_text("2")
    recorded = f"/reseller/installations/?recorded_from={timezone.localdate()}"
    expect(_card(page, recorded)).to_contain_text(
        re.compile(r"1\s+installation enregistrée aujourd’hui")
    )
    _open(page, "technician", recorded, "1", 1)
    page.goto("/")
    _open(page, "technician", "/reseller/installations/?due=on", "2", 2)


def test_an_agent_s_home_shows_overdue_callbacks_and_opens_them(
    page: Page, live_server, agent, organisation
):
    callcenter_world(organisation)
    log_in(page, agent.email, PASSWORD)
    _home_looks_right(page, "agent")

    overdue = _card(page, "/staff/callbacks/?due=overdue")
    expect(overdue.locator("xpath=..")).to_have_class(re.compile("work-card--alert"))
    expect(
        _card(page, "/staff/callbacks/?show=queue").locator(".work-card__figure")
    ).to_have_text("3")
    _open(page, "agent", "/staff/callbacks/?due=overdue", "2", 2)


def test_a_manager_s_home_shows_the_network_and_opens_today_s_orders(
    page: Page, live_server, manager, organisation
):
    today = network_world(organisation)
    callcenter_world(organisation)
    log_in(page, manager.email, PASSWORD)
    _home_looks_right(page, "manager")

    day = today.isoformat()
    expect(
        _card(page, "/staff/callbacks/?due=overdue").locator(".work-card__figure")
    ).to_have_text("2")
    _open(
        page, "manager", f"/reseller/orders/?placed_from={day}&placed_to={day}", "2", 2
    )


def test_an_owner_s_home_shows_the_team_and_opens_pending_invitations(
    page: Page, live_server, owner, organisation
):
    team_world(organisation, owner)
    log_in(page, owner.email, PASSWORD)
    _home_looks_right(page, "owner")

    team = reverse("team", args=[organisation.slug])
    members = page.locator("section[aria-labelledby=members-title] tbody tr")
    invitations = page.locator("section[aria-labelledby=invitations-title] tbody tr")
    expect(_card(page, team)).to_contain_text(re.compile(r"2\s+membres"))
    _card(page, team).click()
    expect(page).to_have_url(re.compile(re.escape(team) + "$"))
    expect(members).to_have_count(2)

    page.goto("/")
    invited = _card(page, team + "#invitations-title")
    expect(invited).to_contain_text(re.compile(r"1\s+invitation en attente"))
    invited.click()
    expect(page).to_have_url(re.compile(re.escape(team) + "#invitations-title$"))
    expect(invitations).to_have_count(1)
    expect(invitations).to_contain_text("new@example.test")
    screenshot(page, "home-owner-card-opened")


@pytest.fixture
def editor(staff_groups, editor):
    return editor


def _documentation_to_review(editor):
    """Two pages not published again for 400 days; one in review (returned)."""
    appliance = ApplianceFactory()
    tree = site_with_documentation()
    old = [technical_sheet(tree["index"], appliance), manual(tree["index"], appliance)]
    WagtailPage.objects.filter(pk__in=[p.pk for p in old]).update(
        last_published_at=timezone.now() - timedelta(days=400)
    )
    in_review = fault_code(tree["codes"], [appliance])
    in_review.save_revision(user=editor)
    Workflow.objects.get(name=DOCUMENTATION_REVIEW).start(in_review, editor)
    return in_review


def test_an_editor_s_home_shows_pages_to_review_and_searches_that_found_nothing(
    page: Page, live_server, editor
):
    in_review = _documentation_to_review(editor)
    search_misses_world()
    log_in(page, editor.email, PASSWORD)
    _home_looks_right(page, "editor")

    admin = _card(page, reverse("wagtailadmin_home"))
    expect(admin.locator(".work-card__figure")).to_have_text(["1", "2"])
    expect(admin.first).to_contain_text("en relecture")
    admin.first.click()
    # The admin's home lists the page in review under the task's French name.
    expect(page.locator("body")).to_contain_text("Relecture de la documentation")
    expect(page.locator("body")).not_to_contain_text(DOCUMENTATION_REVIEW)
    screenshot(page, "home-editor-admin-home")
    # So does the page's status panel in the editor.
    page.goto(reverse("wagtailadmin_pages:edit", args=[in_review.pk]))
    status = page.locator('[data-side-panel="status"]')
    expect(status).to_contain_text("Relecture de la documentation")
    expect(page.locator("body")).not_to_contain_text(DOCUMENTATION_REVIEW)

    page.goto("/")
    report = reverse("pages_search_misses")
    misses = _card(page, report)
    expect(misses).to_contain_text(
        re.compile(r"3\s+recherches sans résultat \(30 jours\)")
    )
    misses.click()
    expect(page).to_have_url(re.compile(re.escape(report) + "$"))
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("pompe doseuse")
    expect(rows.first).to_contain_text("4")
    expect(page.locator("table.listing")).not_to_contain_text("ancienne")
    screenshot(page, "home-editor-card-opened")
    page.set_viewport_size(PHONE)
    screenshot(page, "home-editor-card-opened-390")
    page.set_viewport_size(WIDE)

    # A query runs the search again, on the portal.
    rows.first.get_by_role("link", name="pompe doseuse").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=pompe\+doseuse$"))
    expect(page.locator("main input[name=q]").first).to_have_value("pompe doseuse")


def test_a_customer_s_home_shows_their_appliances_next_changes_and_callback(
    page: Page, live_server, organisation
):
    customer = customer_world(organisation)
    log_in_by_code(page, customer.email)
    expect(page).to_have_url(re.compile(r"/customer/$"))
    _home_looks_right(page, "customer")

    appliances = page.locator("main .appliance-card")
    expect(appliances).to_have_count(2)
    expect(appliances.locator("h2")).to_have_text(["AquaPure 300", "Adoucisseur Duo"])
    today = timezone.localdate()
    with translation.override("fr"):
        overdue = date_format(today - timedelta(days=3))
        soon = date_format(today + timedelta(days=20))
    aquapure, duo = appliances.nth(0), appliances.nth(1)
    expect(aquapure.locator("td.due--overdue")).to_have_text(overdue)
    expect(aquapure.locator(".badge--overdue")).to_have_text("En retard")
    expect(duo.locator("td.due--soon")).to_have_text(soon)
    promise = page.locator(".callback-promise")
    expect(promise).to_have_count(1)
    expect(promise).to_contain_text("06 45 12 78 90")

    # Each appliance opens its record; its reorder button, the consumables due.
    aquapure.get_by_role("link", name="AquaPure 300").click()
    expect(page).to_have_url(re.compile(r"/customer/installations/\d+/$"))
    expect(page.locator("main h1")).to_contain_text("AquaPure 300")
    page.go_back()
    aquapure.get_by_role("link", name="Recommander des consommables").click()
    expect(page).to_have_url(re.compile(r"/customer/installations/\d+/reorder/$"))
    expect(page.locator("main")).to_contain_text("Filtre AquaPure")
    screenshot(page, "home-customer-card-opened")
