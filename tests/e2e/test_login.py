"""Logging in to the portal, and what an anonymous visitor is shown."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import expect_reseller_tabs, log_in, screenshot

pytestmark = pytest.mark.e2e


def test_reseller_logs_in_to_the_reseller_home(page: Page, live_server, buyer):
    log_in(page, buyer.email, PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect_reseller_tabs(page)
    expect(page.locator(".site-header .who__org")).to_have_text("Aqua Services Lyon")
    expect(page.locator(".site-header .who__user")).to_have_text(buyer.get_full_name())
    # A buyer does not manage the team.
    expect(page.locator('nav.tabs a[href$="/team/"]')).to_have_count(0)
    screenshot(page, "login-reseller-home")


def test_wrong_password_shows_an_error_and_keeps_the_email(
    page: Page, live_server, buyer
):
    log_in(page, buyer.email, "not-the-password-123")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    error = page.locator("form.panel .form-errors[role=alert]")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(page.locator("input[name=login]")).to_have_value(buyer.email)
    expect(page.locator("input[name=password]")).to_have_value("")
    expect(page.locator("nav.tabs")).to_have_count(0)
    screenshot(page, "login-wrong-password")


def test_anonymous_visitor_of_home_gets_the_login_page(page: Page, live_server):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("input[name=login]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.locator("nav.tabs")).to_have_count(0)
    screenshot(page, "login-anonymous-home")


def test_signup_page_says_access_is_by_invitation_only(page: Page, live_server):
    page.goto("/accounts/signup/")

    expect(page.locator("main h1")).to_have_text(re.compile("invitation", re.I))
    expect(page.locator("main input[type=password]")).to_have_count(0)
    expect(page.locator("main input[name=email]")).to_have_count(0)
    expect(page.locator('main a[href="/accounts/login/"]')).to_be_visible()
    screenshot(page, "signup-closed")
