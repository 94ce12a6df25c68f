"""A technician claims a part under warranty from the unit's page, on a phone,
with a photo; the claim page shows its timeline; a manager approves it in the
admin and the technician reads the RMA number."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.aftersales.models import WarrantyClaim
from tests.accounts.aftersales.factories import unit_with_part, workshop
from tests.accounts.factories import PASSWORD, MembershipFactory, UserFactory
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)

pytestmark = pytest.mark.e2e

CLAIM = re.compile(r"Demander une pièce sous garantie|Claim a part under warranty")


def test_a_technician_claims_a_part_from_the_unit_on_a_phone(
    new_context, organisation, tmp_path
):
    from PIL import Image

    workshop(organisation)
    installation, part = unit_with_part(organisation)
    technician = UserFactory(email="tech@example.test")
    MembershipFactory(user=technician, organisation=organisation, role="technician")
    photo = tmp_path / "vanne.jpg"
    Image.new("RGB", (320, 240), (200, 40, 40)).save(photo)

    page: Page = new_context(viewport=PHONE)
    log_in(page, technician.email, PASSWORD)
    page.goto(f"/reseller/installations/{installation.pk}/")
    page.get_by_role("link", name=CLAIM).click()
    expect(page.locator("h1")).to_have_text(CLAIM)
    page.locator("select[name=part]").select_option(str(part.pk))
    page.locator("input[name=fault_code]").fill("E12")
    page.locator("textarea[name=symptom]").fill("Fuite à la vanne d’entrée")
    page.locator("input[name=photos]").set_input_files(str(photo))
    expect_no_page_scroll_sideways(page)
    screenshot(page, "claim_form_phone")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    claim = WarrantyClaim.objects.get()
    assert page.url.endswith(f"/reseller/claims/{claim.pk}/")
    expect(page.locator("main")).to_contain_text("Fuite à la vanne d’entrée")
    expect(page.locator("main img")).to_have_count(1)
    expect(page.locator("ol.timeline li")).to_have_count(1)
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, "claim_detail_phone")

    page.goto(f"/reseller/installations/{installation.pk}/")
    expect(page.locator("#claims-title")).to_be_visible()
    expect(page.locator(f'a[href="/reseller/claims/{claim.pk}/"]')).to_have_count(1)
    screenshot(page, "unit_page_claims_panel_phone")

    page.goto("/reseller/claims/")
    expect(page.locator("main tbody tr")).to_have_count(1)
    assert_no_serious_axe_violations(page)
    screenshot(page, "claims_list_phone")
