"""The leave-behind sheet an installer prints or sends as PDF: one A4 page
with the Oxyplus logo, the installer's name and phone, the next consumable
changes, and a QR code a phone reads to open the customer space sign-in for
that appliance."""

import io
import re
import subprocess
from datetime import date

import pypdfium2 as pdfium
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from svglib.svglib import svg2rlg

from tests.accounts.factories import CustomerFactory, InstallationFactory, fitted
from tests.ordering.factories import CompatibilityFactory, stocked
from tests.pages.factories import site_with_documentation, stream, technical_sheet

pytestmark = pytest.mark.django_db

BASE_URL = "https://portail.oxyplus.test"
A4_POINTS = (595, 842)
# Parts of a busy sheet: a reverse-osmosis unit with five consumables.
PARTS = [
    ("CAR-OSM-PRE", "Cartouche de préfiltration sédiments et charbon", 6),
    ("CAR-OSM-CHB", "Cartouche charbon actif en bloc", 6),
    ("CAR-OSM-POST", "Post-filtre charbon et cartouche reminéralisante", 12),
    ("MEM-OSM-75", "Membrane d'osmose inverse 75 GPD", 36),
    ("LMP-UV-11", "Lampe UV 11 W du stérilisateur", 12),
]
POINTS = [
    (
        "Changer la cartouche de préfiltration",
        "Sédiments et charbon : elles protègent la membrane du chlore. Plus tôt "
        "si le carter est brun ou si le débit baisse nettement aux robinets.",
        "Tous les 6 mois",
    ),
    (
        "Changer la cartouche charbon actif",
        "Avec la préfiltration, en changeant le joint torique s'il est marqué.",
        "Tous les 6 mois",
    ),
    (
        "Changer le post-filtre et la cartouche reminéralisante",
        "Dès que l'eau prend un goût plat ou que le débit du robinet baisse.",
        "Tous les ans",
    ),
    (
        "Désinfecter le circuit et le réservoir",
        "Avec le kit de désinfection, à chaque changement de cartouches, puis "
        "rincer en jetant les deux premiers réservoirs.",
        "Tous les ans",
    ),
    (
        "Remplacer la membrane",
        "Quand la conductivité de l'eau produite dépasse 10 % de celle du réseau.",
        "Tous les 3 ans",
    ),
]


@pytest.fixture(autouse=True)
def base_url(settings):
    """The configured address of the site, never the request's host."""
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.PORTAL_LINKS_FROM_REQUEST = False


@pytest.fixture
def installer(organisation):
    organisation.phone = "04 78 12 34 56"
    organisation.email = "contact@aqua-lyon.test"
    organisation.save()
    return organisation


@pytest.fixture
def busy_installation(installer, appliance):
    """An installation whose sheet is as full as they get: five consumables,
    five maintenance points with details and a long site note."""
    sheet_points = [
        ("point", {"task": task, "detail": detail, "frequency": often})
        for task, detail, often in POINTS
    ]
    technical_sheet(
        site_with_documentation()["index"],
        appliance,
        maintenance_points=stream(*sheet_points),
    )
    installation = InstallationFactory(
        organisation=installer,
        appliance=appliance,
        customer=CustomerFactory(first_name="Élodie", last_name="Martin"),
        serial_number="SN-4242",
        installed_on=date(2026, 6, 10),
        site_notes="Portail code 4512, chien dans le jardin. " * 40,
    )
    for reference, name, months in PARTS:
        part = stocked(
            reference=reference, name=name, replacement_interval_months=months
        )
        CompatibilityFactory(appliance=appliance, part=part, quantity_per_change=1)
        fitted(installation, part, quantity=2 if months == 6 else 1)
    return installation


def sign_in_url(installation) -> str:
    """What the QR code must open: the sign-in by e-mailed code, then the
    installation's page in the customer space."""
    return (
        f"{BASE_URL}/accounts/login/code/"
        f"?next=%2Fcustomer%2Finstallations%2F{installation.pk}%2F"
    )


def qr_codes_in(png: bytes, tmp_path) -> list[str]:
    """The texts of the QR codes a reader finds in the picture."""
    path = tmp_path / "scan.png"
    path.write_bytes(png)
    scan = subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/zbarimg", "--raw", "-q", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return scan.stdout.splitlines()


def pdf_page_png(pdf: bytes, *, dpi: int = 200) -> bytes:
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil()
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def svg_png(svg: str) -> bytes:
    """An inline SVG drawn as a PNG, as a phone's camera would see it printed."""
    return pdf_page_png(renderPDF.drawToString(svg2rlg(io.StringIO(svg))), dpi=600)


def test_the_pdf_of_a_busy_installation_is_one_a4_page_with_every_part(
    client, buyer, busy_installation
):
    client.force_login(buyer)
    response = client.get(
        reverse("installation_leave_behind_pdf", args=[busy_installation.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1
    assert tuple(round(side) for side in pages[0].mediabox[2:]) == A4_POINTS
    text = pages[0].extract_text()
    # What used to spill onto a second page: the contacts and the footer.
    for expected in (
        "CAR-OSM-PRE",
        "LMP-UV-11",
        "Remplacer la membrane",
        "10 décembre 2026",
        "Aqua Services Lyon",
        "04 78 12 34 56",
        "reseaux@oxyplus.fr",
        "portail.oxyplus.test/accounts/login/code/",
        "Conservez cette fiche",
    ):
        assert expected in text, expected
    # The site note is the installer's, not the customer's.
    assert "Portail code" not in text


def test_the_pdf_qr_code_opens_the_customer_space_sign_in_for_that_appliance(
    client, buyer, busy_installation, tmp_path
):
    client.force_login(buyer)
    pdf = client.get(
        reverse("installation_leave_behind_pdf", args=[busy_installation.pk])
    ).content
    assert qr_codes_in(pdf_page_png(pdf), tmp_path) == [sign_in_url(busy_installation)]


def test_the_printed_page_qr_code_opens_the_same_address(
    client, buyer, busy_installation, tmp_path
):
    client.force_login(buyer)
    page = client.get(
        reverse("installation_leave_behind", args=[busy_installation.pk]),
        HTTP_HOST="localhost",  # not where the QR code leads: the setting is
    ).content.decode()
    svg = re.search(r'<svg[^>]*class="qr-code".*?</svg>', page, re.DOTALL)
    assert svg, "no QR code on the page"
    assert qr_codes_in(svg_png(svg.group()), tmp_path) == [
        sign_in_url(busy_installation)
    ]
    assert "portail.oxyplus.test/accounts/login/code/" in page


def test_the_sheet_shows_the_logo_and_the_installers_name_and_phone(
    client, buyer, busy_installation
):
    client.force_login(buyer)
    page = client.get(
        reverse("installation_leave_behind", args=[busy_installation.pk])
    ).content.decode()
    logo = re.search(
        r'<img class="sheet-logo" src="/static/([^"]+)" alt="Oxyplus"', page
    )
    assert logo and finders.find(logo.group(1)), "the logo is missing"
    assert "Aqua Services Lyon" in page
    assert "04 78 12 34 56" in page
    assert "10 décembre 2026" in page


def test_the_pdf_draws_the_logo_and_the_qr_code(client, buyer, busy_installation):
    client.force_login(buyer)
    pdf = client.get(
        reverse("installation_leave_behind_pdf", args=[busy_installation.pk])
    ).content
    pictures = PdfReader(io.BytesIO(pdf)).pages[0].images
    # The logo is wider than tall; the QR code is square.
    shapes = sorted(
        "square" if p.image.width == p.image.height else "wide" for p in pictures
    )
    assert shapes == ["square", "wide"]
