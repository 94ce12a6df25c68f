"""Logging in to the portal, and what an anonymous visitor is shown."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.network.models import Organisation
from accounts.network.services import organisation_suspend
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


def test_a_member_of_a_suspended_reseller_is_told_why(
    page: Page, new_context, live_server, buyer, organisation, manager
):
    """At login, and on the next page of a session open when Oxyplus suspended
    the reseller: a page says so and whom to contact, not a bare login form."""
    organisation.status = Organisation.Status.SUSPENDED
    organisation.suspension_reason = "Contrat en cours de renouvellement"
    organisation.save()

    log_in(page, buyer.email, PASSWORD)

    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(re.compile("suspendu|suspended", re.I))
    expect(main).to_contain_text(organisation.name)
    expect(main).to_contain_text("Contrat en cours de renouvellement")
    expect(
        main.locator(f'a[href="mailto:{settings.PORTAL_SUPPORT_EMAIL}"]')
    ).to_be_visible()
    expect(main.locator('a[href^="tel:"]')).to_have_text(settings.PORTAL_SUPPORT_PHONE)
    expect(page.locator("nav.tabs")).to_have_count(0)
    screenshot(page, "login-suspended-reseller")

    # Signed in before the suspension: the next page they open says why.
    organisation.status = Organisation.Status.ACTIVE
    organisation.save()
    colleague = new_context()
    log_in(colleague, buyer.email, PASSWORD)
    expect_reseller_tabs(colleague)
    organisation_suspend(organisation=organisation, reason="Impayés", by=manager)
    colleague.locator('nav.tabs a[href="/reseller/stock/"]').click()
    colleague.wait_for_load_state()
    main = colleague.locator("main")
    expect(main.locator("h1")).to_have_text(re.compile("suspendu|suspended", re.I))
    expect(main).to_contain_text("Impayés")
    expect(
        main.locator(f'a[href="mailto:{settings.PORTAL_SUPPORT_EMAIL}"]')
    ).to_be_visible()
    expect(colleague.locator("nav.tabs")).to_have_count(0)
    screenshot(colleague, "suspended-reseller-next-page")
    # Signed out: a page that needs a login now asks for one.
    colleague.goto("/reseller/stock/")
    expect(colleague).to_have_url(re.compile(r"/accounts/login/"))
