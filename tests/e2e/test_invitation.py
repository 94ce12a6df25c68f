"""An owner invites a colleague, who joins the team through the emailed link."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import assert_no_serious_axe_violations, log_in, screenshot

pytestmark = pytest.mark.e2e

INVITEE = "new.colleague@example.test"
INVITEE_PASSWORD = "Filtre-Osmose-2024!"
LINK = re.compile(r"https?://[^\s\"<>]+/invitations/[^\s\"<>/]+/")


def invitation_link(live_server, to: str) -> str:
    """The link of the last invitation emailed to ``to``, on the live server."""
    emails = [m for m in mail.outbox if to in m.to]
    assert emails, f"no email sent to {to}; outbox: {[m.to for m in mail.outbox]}"
    match = LINK.search(emails[-1].body)
    assert match, emails[-1].body
    return live_server.url + urlsplit(match.group(0)).path


def test_owner_invites_a_technician_who_joins_the_team(
    page: Page, new_context, live_server, owner, organisation
):
    team_url = f"/organisations/{organisation.slug}/team/"
    log_in(page, owner.email, PASSWORD)
    page.locator(f'nav.tabs a[href="{team_url}"]').click()
    expect(page).to_have_url(live_server.url + team_url)
    expect(page.locator("main h1")).to_contain_text(organisation.name)

    invite = page.locator("section[aria-labelledby=invite-title] form")
    invite.locator("input[name=email]").fill(INVITEE)
    invite.locator("select[name=role]").select_option("technician")
    invite.locator("button[type=submit]").click()

    expect(page).to_have_url(live_server.url + team_url)
    expect(page.locator(".messages .message--success")).to_contain_text(INVITEE)
    pending = page.locator("section[aria-labelledby=invitations-title] tbody tr")
    expect(pending).to_have_count(1)
    expect(pending.first.locator("th, td").first).to_have_text(INVITEE)
    screenshot(page, "invitation-sent")

    link = invitation_link(live_server, INVITEE)

    # The colleague opens the link in their own browser.
    invitee = new_context()
    assert invitee.goto(link).status == 200
    expect(invitee.locator("main")).to_contain_text(INVITEE)
    expect(invitee.locator("main h1")).to_contain_text(organisation.name)
    invitee.locator("input[name=first_name]").fill("Camille")
    invitee.locator("input[name=last_name]").fill("Fontaine")
    invitee.locator("input[name=password1]").fill(INVITEE_PASSWORD)
    invitee.locator("input[name=password2]").fill(INVITEE_PASSWORD)
    screenshot(invitee, "invitation-accept-form")
    invitee.locator("main form button[type=submit]").click()

    expect(invitee).to_have_url(f"{live_server.url}/")
    header = invitee.locator(".site-header")
    expect(header.locator(".who__org")).to_have_text(organisation.name)
    expect(header.locator(".who__user")).to_have_text("Camille Fontaine")
    welcome = invitee.locator(".messages .message--success")
    expect(welcome.filter(has_text=organisation.name)).to_be_visible()
    # A technician works with documentation and installations; ordering is
    # for owners and buyers.
    tabs = invitee.locator("nav.tabs")
    expect(tabs.locator('a[href="/reseller/documentation/"]')).to_be_visible()
    expect(tabs.locator('a[href="/reseller/orders/"]')).to_have_count(0)
    screenshot(invitee, "invitation-accepted-home")

    # The owner sees the new member, and no invitation waiting any more.
    page.reload()
    members = page.locator("section[aria-labelledby=members-title] tbody tr")
    expect(members).to_have_count(2)
    new_member = members.filter(has_text=INVITEE)
    expect(new_member).to_have_count(1)
    expect(new_member.locator("th, td").first).to_have_text("Camille Fontaine")
    expect(
        page.locator("section[aria-labelledby=invitations-title] tbody tr")
    ).to_have_count(0)
    screenshot(page, "invitation-team-with-new-member")

    # The link works once: a third browser is told it was used.
    late = new_context()
    assert late.goto(link).status == 410
    expect(late.locator("main h1")).to_have_text(
        re.compile(r"déjà été utilisée|already been used")
    )
    expect(late.locator('main a[href="/accounts/password/reset/"]')).to_be_visible()
    expect(late.locator("main input[type=password]")).to_have_count(0)
    expect(late.locator("nav.tabs")).to_have_count(0)
    screenshot(late, "invitation-already-used")


def test_owner_re_invites_with_another_role_and_confirms(
    page: Page, live_server, owner, organisation
):
    """Inviting an address again asks before its role changes."""
    team_url = f"/organisations/{organisation.slug}/team/"
    log_in(page, owner.email, PASSWORD)
    page.goto(team_url)
    invite = page.locator("section[aria-labelledby=invite-title] form")
    invite.locator("input[name=email]").fill(INVITEE)
    invite.locator("select[name=role]").select_option("buyer")
    invite.locator("button[type=submit]").click()
    expect(page.locator(".messages .message--success")).to_contain_text(INVITEE)
    first_link = invitation_link(live_server, INVITEE)

    # The same address again, as owner: a question, nothing changed yet.
    invite.locator("input[name=email]").fill(INVITEE)
    invite.locator("select[name=role]").select_option("owner")
    invite.locator("button[type=submit]").click()
    question = page.locator("section[aria-labelledby=invitation-question-title]")
    expect(question).to_be_visible()
    expect(question).to_contain_text(INVITEE)
    expect(question).to_contain_text(re.compile(r"Acheteur|Buyer"))
    expect(question).to_contain_text(re.compile(r"Responsable|Owner"))
    # What was typed is still there.
    expect(invite.locator("input[name=email]")).to_have_value(INVITEE)
    expect(invite.locator("select[name=role]")).to_have_value("owner")
    pending = page.locator("section[aria-labelledby=invitations-title] tbody tr")
    expect(pending).to_have_count(1)
    expect(pending.first.locator("th, td").nth(1)).to_have_text(
        re.compile("Acheteur|Buyer")
    )
    assert len([m for m in mail.outbox if INVITEE in m.to]) == 1
    screenshot(page, "invitation-replace-question")
    assert_no_serious_axe_violations(page)

    question.locator("button[name=replace]").click()
    expect(page).to_have_url(live_server.url + team_url)
    expect(page.locator(".messages .message--success")).to_contain_text(INVITEE)
    expect(question).to_have_count(0)
    expect(pending).to_have_count(1)
    expect(pending.first.locator("th, td").nth(1)).to_have_text(
        re.compile("Responsable|Owner")
    )
    screenshot(page, "invitation-replaced")

    # Only the new link works, and it makes an owner.
    new_link = invitation_link(live_server, INVITEE)
    assert new_link != first_link
    assert page.context.new_page().goto(first_link).status in {409, 410}
