"""Each role lands on a home showing today's work; a card opens the list of
those very rows (issue 16, item 1). Screenshots at 1366 px and 390 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.portal.home_data import (
    buyer_world,
    callcenter_world,
    network_world,
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
