"""A technician records a service visit on a phone: the checklist, a photo
and the customer's signature drawn with a finger (the mouse here); the PDF
report then shows them."""

import base64
import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.aftersales.models import ServiceVisit
from ordering.catalogue.models import ServiceChecklistItem
from tests.accounts.factories import (
    PASSWORD,
    CustomerFactory,
    InstallationFactory,
    fitted,
)
from tests.e2e.conftest import (
    PHONE,
    SCREENSHOTS,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.ordering.factories import ApplianceFactory, CompatibilityFactory, stocked

pytestmark = pytest.mark.e2e

RECORD_VISIT = re.compile(r"Enregistrer (la|une) visite|Record (the|a) visit")


@pytest.fixture
def unit(organisation):
    appliance = ApplianceFactory(name="AquaPure 300", reference="AQP-300")
    cartridge = stocked(
        reference="CAR-AQP-01",
        name="Cartouche anticalcaire",
        replacement_interval_months=6,
    )
    CompatibilityFactory(appliance=appliance, part=cartridge)
    ServiceChecklistItem.objects.create(
        appliance=appliance, label="Joints sans fuite", sort_order=0
    )
    ServiceChecklistItem.objects.create(
        appliance=appliance,
        label="Pression d’entrée",
        kind=ServiceChecklistItem.Kind.MEASURE,
        unit="bar",
        sort_order=1,
    )
    installation = InstallationFactory(
        organisation=organisation,
        customer=CustomerFactory(first_name="Élodie", last_name="Martin"),
        appliance=appliance,
        serial_number="AQP300-48213",
        installed_on=date(2026, 1, 10),
    )
    fitted(installation, cartridge)
    return installation


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "joint.jpg"
    Image.new("RGB", (320, 240), (200, 60, 40)).save(path, format="JPEG")
    return path


def test_a_technician_records_a_signed_visit_and_the_report_shows_it(
    new_context, technician, unit, photo_file
):
    page = new_context(viewport=PHONE)
    log_in(page, technician.email, PASSWORD)
    page.goto(f"/reseller/installations/{unit.pk}/")
    page.get_by_role("link", name=RECORD_VISIT).click()
    expect(page.locator("h1")).to_have_text(RECORD_VISIT)

    page.get_by_label("Joints sans fuite").check()
    page.get_by_label("Pression d’entrée").fill("3.5")
    page.locator("input[name=consumables]").check()
    page.locator("textarea[name=notes]").fill("Détartrage complet du réservoir.")
    page.locator("input[name=photos]").set_input_files(str(photo_file))
    page.locator("input[name=signed_by]").fill("Élodie Martin")

    # The customer signs in the box.
    pad = page.locator("canvas.signature__pad")
    pad.scroll_into_view_if_needed()
    expect(pad).to_be_visible()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 13):
        page.mouse.move(
            box["x"] + 20 + step * (box["width"] - 40) / 12,
            box["y"] + box["height"] * (0.3 if step % 2 else 0.7),
            steps=3,
        )
    page.mouse.up()
    signature = page.locator("input[name=signature]").input_value()
    assert signature.startswith("data:image/png;base64,")
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, "service-visit-form-phone")

    page.get_by_role("button", name=RECORD_VISIT).click()
    expect(page.locator("#visits-title")).to_be_visible()
    visit = ServiceVisit.objects.get()
    assert visit.signature and visit.photos.count() == 1
    assert unit.consumables.get().last_changed_on == visit.visited_on
    expect(page.locator(f"#visit-{visit.pk}")).to_be_visible()
    assert_no_serious_axe_violations(page)
    screenshot(page, "service-visit-unit-page-phone")

    with page.expect_download() as download:
        page.locator(f"#visit-{visit.pk} a[href$='report.pdf']").click()
    content = Path(download.value.path()).read_bytes()
    # The report itself, beside the screenshots, for a human to open.
    (SCREENSHOTS / "service-visit-report.pdf").write_bytes(content)
    reader = PdfReader(BytesIO(content))
    text = "".join(p.extract_text() for p in reader.pages)
    for shown in (
        "Joints sans fuite",
        "Pression d’entrée",
        "3.5 bar",
        "Cartouche anticalcaire",
        "Détartrage complet du réservoir.",
        "Élodie Martin",
    ):
        assert shown in text, shown
    images = [image for p in reader.pages for image in p.images]
    assert len(images) >= 2  # the photo and the signature
    # Keep a picture of the report's first page for a human to look at.
    report = new_context(viewport={"width": 900, "height": 1200})
    report.set_content(
        "<html><body style='margin:0'>"
        + "".join(
            f"<img style='max-width:280px;border:1px solid #999;margin:4px' "
            f"src='data:image/png;base64,{_png_b64(image.image)}'>"
            for image in images
        )
        + f"<pre style='white-space:pre-wrap;font:12px sans-serif'>{text}</pre>"
        + "</body></html>"
    )
    screenshot(report, "service-visit-report-contents")


def _png_b64(picture) -> str:
    out = BytesIO()
    picture.convert("RGBA").save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")
