"""A safety notice for a serial range: a documentation reviewer publishes it
in the Wagtail admin; the installer of an affected unit sees it on their
home, reads it and records the action done; the installer of an unaffected
unit never sees it; the manager follows completion."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from accounts.aftersales.models import UnitNotice
from accounts.network.models import Role
from tests.accounts.aftersales.factories import notice_folder
from tests.accounts.factories import (
    PASSWORD,
    InstallationFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from tests.conftest import restore_migration_rows
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.ordering.factories import ApplianceFactory
from tests.pages.factories import site_with_documentation

pytestmark = pytest.mark.transactional

TITLE = "Raccord de vanne AquaPure à remplacer"


@pytest.fixture
def world(transactional_db):
    restore_migration_rows()
    reviewer = StaffFactory(
        email="relecteur@oxyplus.test", first_name="Marc", last_name="Petit"
    )
    reviewer.groups.add(Group.objects.get(name="Documentation reviewers"))
    manager = StaffFactory(email="manager@oxyplus.test")
    manager.groups.add(Group.objects.get(name="Managers"))
    tree = site_with_documentation()
    folder = notice_folder(tree["home"])
    appliance = ApplianceFactory(name="AquaPure 300", reference="AQP-300")
    ours, theirs = (
        OrganisationFactory(name="Aqua Services Lyon"),
        OrganisationFactory(name="Confort Eau Bretagne"),
    )
    affected_tech = UserFactory(email="tech-lyon@example.test")
    MembershipFactory(user=affected_tech, organisation=ours, role=Role.TECHNICIAN)
    unaffected_tech = UserFactory(email="tech-bretagne@example.test")
    MembershipFactory(user=unaffected_tech, organisation=theirs, role=Role.TECHNICIAN)
    affected = InstallationFactory(
        organisation=ours, appliance=appliance, serial_number="AQ-2026-0150"
    )
    # In the other reseller's hands: just past the range's end.
    InstallationFactory(
        organisation=theirs, appliance=appliance, serial_number="AQ-2026-0201"
    )
    return {
        "reviewer": reviewer,
        "manager": manager,
        "folder": folder,
        "appliance": appliance,
        "affected_tech": affected_tech,
        "unaffected_tech": unaffected_tech,
        "affected": affected,
    }


def test_a_notice_for_a_serial_range_reaches_only_the_affected_unit(
    page: Page, new_context, settings, mailoutbox, world
):
    settings.PORTAL_STAFF_MFA_REQUIRED = False

    # The reviewer writes the notice and publishes it (reviewers publish).
    admin = new_context()
    log_in(admin, world["reviewer"].email, PASSWORD)
    admin.goto(f"/admin/pages/add/pages/safetynoticepage/{world['folder'].pk}/")
    admin.locator("#id_title").fill(TITLE)
    editor = admin.locator(".public-DraftEditor-content").first
    editor.click()
    editor.type("Remplacer le raccord par la pièce RV-2 et contrôler l'étanchéité.")
    admin.locator("#id_due_days").fill("15")
    admin.locator("#id_appliances").select_option(str(world["appliance"].pk))
    admin.locator("#id_serial_from").fill("AQ-2026-0100")
    admin.locator("#id_serial_to").fill("AQ-2026-0200")
    screenshot(admin, "safety-notice-admin-edit")
    admin.get_by_role("button", name=re.compile(r"Plus d'actions|More actions")).click()
    admin.get_by_role("button", name=re.compile(r"^\s*(Publier|Publish)\s*$")).click()
    expect(admin.locator(".messages")).to_contain_text(TITLE)

    row = UnitNotice.objects.get()
    assert row.installation_id == world["affected"].pk
    assert any(world["affected_tech"].email in m.to for m in mailoutbox)
    assert not any(world["unaffected_tech"].email in m.to for m in mailoutbox)

    # The installer of the affected unit, on their phone: the notice is on
    # their home.
    phone = new_context(viewport=PHONE)
    log_in(phone, world["affected_tech"].email, PASSWORD)
    banner = phone.locator(".safety-notices")
    expect(banner).to_contain_text(TITLE)
    expect(banner).to_contain_text("AQ-2026-0150")
    expect_no_page_scroll_sideways(phone)
    screenshot(phone, "safety-notice-installer-home")
    banner.get_by_role("link", name=TITLE).click()
    expect(phone.locator("h1")).to_have_text(TITLE)
    phone.get_by_role(
        "button", name=re.compile(r"I have read this notice|J’ai lu cet avis")
    ).click()
    expect(phone.locator(".messages")).to_be_visible()
    phone.get_by_label(re.compile(r"What was done|Ce qui a été fait")).fill(
        "Raccord RV-2 posé, pas de fuite."
    )
    screenshot(phone, "safety-notice-installer-unit")
    phone.get_by_role(
        "button", name=re.compile(r"^(Action done|Action faite)$")
    ).click()
    expect(phone.locator(".facts").first).to_contain_text("Raccord RV-2 posé")
    assert_no_serious_axe_violations(phone)
    screenshot(phone, "safety-notice-installer-done")
    row.refresh_from_db()
    assert row.read_at is not None and row.done_by == world["affected_tech"]
    phone.goto("/")
    expect(phone.locator(".safety-notices")).to_have_count(0)

    # The installer of the unit outside the range never sees it.
    log_in(page, world["unaffected_tech"].email, PASSWORD)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".safety-notices")).to_have_count(0)
    assert TITLE not in page.content()
    response = page.goto(f"/reseller/notices/{row.pk}/")
    assert response.status == 404

    # The manager follows completion: one unit, read and done.
    manager = new_context()
    log_in(manager, world["manager"].email, PASSWORD)
    manager.goto("/staff/dashboard/notices/")
    manager.get_by_role("link", name=TITLE).click()
    expect(manager.locator(".kpis")).to_contain_text("1")
    expect(manager.locator("main")).to_contain_text("Aqua Services Lyon")
    assert_no_serious_axe_violations(manager)
    screenshot(manager, "safety-notice-follow-up")
