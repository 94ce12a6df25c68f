"""The header leaves the page to the work: compact on a phone, every tab in
reach, and the manager's tabs on one row on a laptop."""

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import PHONE, expect_no_page_scroll_sideways, log_in, screenshot

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


def _header(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const header = document.querySelector('.site-header');
          const tabs = [...document.querySelectorAll('.tabs__list a')];
          const top = (a) => Math.round(a.getBoundingClientRect().top);
          const rows = new Set(tabs.map(top)).size;
          return {height: header.getBoundingClientRect().height, tabRows: rows};
        }"""
    )


@pytest.mark.parametrize("role", ["buyer", "manager"])
def test_on_a_phone_the_header_takes_at_most_a_third_of_the_screen(
    new_context, request, role
):
    user = request.getfixturevalue(role)
    page = new_context(viewport=PHONE)
    log_in(page, user.email, PASSWORD)
    screenshot(page, f"header-{role}-390")
    header = _header(page)
    # 844 px high: it took 360 before, with the tabs clipped under it.
    assert header["height"] <= PHONE["height"] / 3, header
    # The tabs scroll sideways in their own row; the current one is in view.
    expect(page.locator('.tabs__list a[aria-current="page"]')).to_be_in_viewport()
    # Who is signed in, still said (for screen readers and on the account page).
    expect(
        page.locator(".site-header .who__org, .site-header .who__user").first
    ).to_be_attached()
    expect_no_page_scroll_sideways(page)


def test_the_managers_tabs_hold_on_one_row_on_a_laptop(new_context, manager):
    page = new_context(viewport=LAPTOP)
    log_in(page, manager.email, PASSWORD)
    screenshot(page, "header-manager-1366")
    assert _header(page)["tabRows"] == 1
