"""axe-core finds no serious problem, and pages fit desktop, tablet and phone."""

import pytest
from playwright.sync_api import Page, expect

from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.services import CallbackDetails, callback_request
from tests.accounts.factories import PASSWORD, CustomerFactory, InstallationFactory
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    RESELLER_TABS,
    TABLET,
    assert_no_serious_axe_violations,
    log_in,
    screenshot,
)
from tests.ordering.factories import placed_order, stocked

pytestmark = pytest.mark.e2e


class HorizontalOverflowError(AssertionError):
    """The document is wider than the window: the page pans sideways."""


def viewports(**marks_by_id):
    return pytest.mark.parametrize(
        "viewport",
        [
            pytest.param(size, id=name, marks=marks_by_id.get(name, ()))
            for name, size in (
                ("desktop", DESKTOP),
                ("tablet", TABLET),
                ("phone", PHONE),
            )
        ],
    )


def assert_no_horizontal_overflow(page: Page) -> None:
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > inner_width + 1:
        raise HorizontalOverflowError(
            f"{page.url} is {scroll_width}px wide in a {inner_width}px window"
        )


def assert_tabs_reachable(page: Page, hrefs: list[str]) -> None:
    """Every tab is present, and visible or reachable by scrolling the tab bar."""
    viewport_width = page.viewport_size["width"]
    for href in hrefs:
        link = page.locator(f'nav.tabs a[href="{href}"]')
        expect(link).to_have_count(1)
        link.scroll_into_view_if_needed()
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport_width + 1, (
            f"tab {href} stays off screen ({box}) in a {viewport_width}px window"
        )


@viewports()
def test_login_page(new_context, live_server, viewport):
    page = new_context(viewport=viewport)
    page.goto("/accounts/login/")
    expect(page.locator("input[name=login]")).to_be_visible()
    screenshot(page, f"a11y-login-{viewport['width']}")

    assert_no_serious_axe_violations(page)
    assert_no_horizontal_overflow(page)


@viewports()
def test_reseller_home(new_context, live_server, buyer, viewport):
    page = new_context(viewport=viewport)
    log_in(page, buyer.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    screenshot(page, f"a11y-reseller-home-{viewport['width']}")

    assert_no_serious_axe_violations(page)
    assert_tabs_reachable(page, ["/", *RESELLER_TABS])
    assert_no_horizontal_overflow(page)


@viewports()
def test_team_page(new_context, live_server, owner, technician, organisation, viewport):
    # Fixed names, so that the tables' widths do not depend on Faker's draw.
    for user, (first, last) in (
        (owner, ("Claire", "Dubois")),
        (technician, ("Hugo", "Lefèvre")),
    ):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    page = new_context(viewport=viewport)
    log_in(page, owner.email, PASSWORD)
    team_url = f"/organisations/{organisation.slug}/team/"
    page.goto(team_url)
    # A pending invitation too, so that both tables are on the page.
    invite = page.locator("section[aria-labelledby=invite-title] form")
    invite.locator("input[name=email]").fill("pending.person@example.test")
    invite.locator("button[type=submit]").click()
    invitations = page.locator("section[aria-labelledby=invitations-title] tbody tr")
    expect(invitations).to_have_count(1)
    members = page.locator("section[aria-labelledby=members-title] tbody tr")
    expect(members).to_have_count(2)
    expect(page.locator(f'nav.tabs a[href="{team_url}"]')).to_have_attribute(
        "aria-current", "page"
    )
    screenshot(page, f"a11y-team-{viewport['width']}")

    assert_no_serious_axe_violations(page)
    assert_tabs_reachable(page, ["/", *RESELLER_TABS, team_url])
    assert_no_horizontal_overflow(page)


def assert_in_view_width(page: Page, locator) -> None:
    """The element is on screen without scrolling anything sideways."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
        f"{locator} is off screen ({box}) in a {width}px window"
    )


@viewports()
def test_team_actions_are_on_screen(
    new_context, live_server, owner, technician, organisation, viewport
):
    page = new_context(viewport=viewport)
    log_in(page, owner.email, PASSWORD)
    page.goto(f"/organisations/{organisation.slug}/team/")
    row = page.locator("section[aria-labelledby=members-title] tbody tr").filter(
        has_text=technician.email
    )
    # On a phone each member is a card: "change role" and "remove" in reach.
    for action in row.locator(".row-actions a").all():
        assert_in_view_width(page, action)
    assert_no_horizontal_overflow(page)


@viewports()
def test_stock_price_and_add_button_are_on_screen(
    new_context, live_server, buyer, viewport
):
    for n in range(3):
        stocked(reference=f"CART-{n}", name=f"Cartouche AquaPure {n}")
    page = new_context(viewport=viewport)
    log_in(page, buyer.email, PASSWORD)
    page.goto("/reseller/stock/")
    first = page.locator("table.stock-table tbody tr").first
    # 1,037 px wide on a 390 px phone, price and "Ajouter" off screen, before.
    assert_in_view_width(page, first.locator("td.num").last)
    assert_in_view_width(page, first.locator("button[type=submit]"))
    assert_no_horizontal_overflow(page)
    screenshot(page, f"a11y-stock-{viewport['width']}")
    assert_no_serious_axe_violations(page)


@viewports()
def test_callback_queue_shows_each_status_on_screen(
    new_context, live_server, agent, viewport
):
    for _n in range(2):
        callback_request(
            customer=CustomerFactory(),
            by=agent,
            details=CallbackDetails(reason=CallbackRequest.Reason.FAULT),
        )
    page = new_context(viewport=viewport)
    log_in(page, agent.email, PASSWORD)
    page.goto("/staff/callbacks/")
    rows = page.locator("table.callbacks tbody tr")
    expect(rows).to_have_count(2)
    # The status column was cut off on a phone.
    for row in rows.all():
        assert_in_view_width(page, row.locator(".badge").last)
    # The choice of callbacks is a row of pills, the current one filled.
    current = page.locator('.subnav a[aria-current="page"]')
    expect(current).to_have_css("background-color", "rgb(11, 92, 142)")
    assert_no_horizontal_overflow(page)
    screenshot(page, f"a11y-callbacks-{viewport['width']}")
    assert_no_serious_axe_violations(page)


@viewports()
def test_orders_and_installations_lists_fit_the_screen(
    new_context, live_server, owner, organisation, viewport
):
    organisation.may_order_on_account = True
    organisation.save()
    product = stocked(reference="CART-LIST", name="Cartouche AquaPure")
    placed_order(owner, [product], end_customer_name="Mme Bernadette Lefebvre-Durand")
    InstallationFactory(organisation=organisation)
    page = new_context(viewport=viewport)
    log_in(page, owner.email, PASSWORD)

    page.goto("/reseller/orders/")
    row = page.locator("table.orders-table tbody tr").first
    # Each order's status and total stay on screen: a card per order on a phone.
    assert_in_view_width(page, row.locator(".badge"))
    assert_in_view_width(page, row.locator("td.num"))
    assert_no_horizontal_overflow(page)
    screenshot(page, f"a11y-orders-{viewport['width']}")

    page.goto("/reseller/installations/")
    row = page.locator("table.installations-table tbody tr").first
    assert_in_view_width(page, row.locator("td").last)
    assert_no_horizontal_overflow(page)
    assert_no_serious_axe_violations(page)
