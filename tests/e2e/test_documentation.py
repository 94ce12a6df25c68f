"""Documentation journeys: an editor's change reviewed then published, the
header search (fault code, symptom, misspelling), the consumables poster in
print, the leave-behind PDF, and who may not read the documentation."""

import io
import re
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from wagtail.models import Page as WagtailPage

from accounts.network.models import Organisation
from ordering.catalogue.models import Product
from tests.accounts.factories import PASSWORD, StaffFactory, UserFactory
from tests.conftest import restore_migration_rows
from tests.e2e.conftest import (
    PHONE,
    SCREENSHOTS,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.ordering.factories import (
    ApplianceFactory,
    CompatibilityFactory,
    ProductFactory,
)
from tests.pages.factories import (
    fault_code,
    manual,
    site_with_documentation,
    technical_sheet,
)

pytestmark = pytest.mark.e2e

OLD_SUMMARY = "Adoucisseur volumétrique pour maison individuelle."
NEW_SUMMARY = "Adoucisseur volumétrique bi-bloc, jusqu'à 6 personnes."
LONG_AGO = datetime(2024, 3, 14, 9, 30, tzinfo=UTC)

# A4 and A3 landscape at 96 px per inch, less the @page margins of portal.css:
# the width the poster's content gets on paper.
PAPER_WIDTH = {"a4": 1062, "a3": 1512}
PAPER_MM = {"a4": (297, 210), "a3": (420, 297)}


def french_date(moment) -> str:
    """The date as the pages print it ("j F Y") in the default language."""
    with translation.override("fr"):
        return date_format(timezone.localtime(moment), "j F Y")


@pytest.fixture
def wagtail_base(transactional_db) -> None:
    """Wagtail's root page and collection, the staff groups and the review workflow.

    The live server's tests empty every table after each test, the rows the
    migrations made included: they are written again.
    """
    restore_migration_rows()


@pytest.fixture
def editor(wagtail_base):
    user = StaffFactory(
        email="editrice@oxyplus.test", first_name="Claire", last_name="Vidal"
    )
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


@pytest.fixture
def reviewer(wagtail_base):
    user = StaffFactory(
        email="relecteur@oxyplus.test", first_name="Marc", last_name="Petit"
    )
    user.groups.add(Group.objects.get(name="Documentation reviewers"))
    return user


@pytest.fixture
def aquapure(wagtail_base):
    """AquaPure 300 and the parts the poster and the leave-behind sheet list."""
    appliance = ApplianceFactory(name="AquaPure 300", reference="AQP-300")
    cartridge = ProductFactory(
        name="Cartouche anticalcaire",
        reference="CAR-AQP-01",
        replacement_interval_months=12,
    )
    CompatibilityFactory(appliance=appliance, part=cartridge)
    for name, reference, months, quantity in [
        ("Préfiltre sédiments 20 µm", "PRE-AQP-02", 6, 2),
        ("Membrane osmose inverse", "MEM-AQP-03", 36, 1),
        ("Lampe UV stérilisatrice", "UV-AQP-04", 12, 1),
    ]:
        CompatibilityFactory(
            appliance=appliance,
            part=ProductFactory(
                name=name, reference=reference, replacement_interval_months=months
            ),
            quantity_per_change=quantity,
        )
    # A second appliance, so the poster has more than one card.
    softener = ApplianceFactory(name="Adoucisseur Calypso 20", reference="CAL-20")
    for name, reference, months in [
        ("Sel régénérant pastilles 25 kg", "SEL-25", None),
        ("Cartouche charbon actif", "CHA-CAL-01", 6),
        ("Joint de vanne Calypso", "JNT-CAL-02", None),
    ]:
        CompatibilityFactory(
            appliance=softener,
            part=ProductFactory(
                name=name,
                reference=reference,
                kind=Product.Kind.SPARE_PART
                if name.startswith("Joint")
                else Product.Kind.CONSUMABLE,
                replacement_interval_months=months,
            ),
        )
    return appliance, cartridge


@pytest.fixture
def docs(aquapure, editor):
    """The documentation tree: AquaPure 300's sheet and manual, fault code E12."""
    appliance, _ = aquapure
    tree = site_with_documentation()
    tree["sheet"] = technical_sheet(
        tree["index"], appliance, responsible_editor=editor, summary=OLD_SUMMARY
    )
    tree["manual"] = manual(tree["index"], appliance)
    tree["e12"] = fault_code(tree["codes"], [appliance])
    return tree


def header_search(page: Page, text: str) -> None:
    """Type in the header's search box and press Enter, as a reseller would."""
    box = page.get_by_role("searchbox", name=re.compile(r"code défaut|fault code"))
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state()


# --- Editor, reviewer, reseller -----------------------------------------------


def test_editor_change_is_published_only_once_a_reviewer_approves_it(
    page: Page,
    new_context,
    live_server,
    settings,
    mailoutbox,
    buyer,
    editor,
    reviewer,
    docs,
):
    # Staff reach the admin with a password only
    # (as in tests/accounts/network/test_mfa.py).
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    sheet = docs["sheet"]
    # The sheet was last published long ago, so "today" below proves the review.
    WagtailPage.objects.filter(pk=sheet.pk).update(last_published_at=LONG_AGO)
    sheet_url = sheet.get_url()
    today = french_date(timezone.now())

    # The reseller follows the appliance's documentation.
    log_in(page, buyer.email, PASSWORD)
    page.goto(sheet_url)
    page.get_by_role(
        "button",
        name=re.compile(r"M’alerter|Email me when this documentation changes"),
    ).click()
    expect(page.locator(".messages")).to_contain_text(sheet.appliance.name)

    # The editor changes the summary and submits it for review.
    admin = new_context()
    log_in(admin, editor.email, PASSWORD)
    admin.goto(f"/admin/pages/{sheet.pk}/edit/")
    summary = admin.get_by_label(re.compile(r"^(Résumé|Summary)"))
    expect(summary).to_have_value(OLD_SUMMARY)
    summary.fill(NEW_SUMMARY)
    # Editors cannot publish: the only way out is the review workflow.
    expect(
        admin.get_by_role("button", name=re.compile(r"^(Publier|Publish)$"))
    ).to_have_count(0)
    admin.get_by_role("button", name=re.compile(r"Plus d'actions|More actions")).click()
    screenshot(admin, "documentation-admin-editor-submit")
    admin.get_by_role(
        "button",
        name=re.compile("Soumettre à la relecture|Submit to Documentation review"),
    ).click()
    expect(admin.locator(".messages")).to_contain_text(sheet.title)
    expect(admin.locator(".messages")).to_contain_text(
        re.compile(r"soumis|submitted", re.IGNORECASE)
    )

    # Until a reviewer approves, resellers read the published text.
    page.goto(sheet_url)
    header = page.locator("article.doc .doc__header")
    expect(header.locator(".lead")).to_have_text(OLD_SUMMARY)
    expect(header.locator(".doc-meta time")).to_have_text(french_date(LONG_AGO))

    # The reviewer finds it awaiting review on the dashboard, and approves it.
    review = new_context()
    log_in(review, reviewer.email, PASSWORD)
    review.goto("/admin/")
    awaiting = review.locator("section, div.w-panel").filter(
        has_text=re.compile(r"En attente de votre vérification|Awaiting your review")
    )
    to_review = awaiting.get_by_role("link", name=sheet.title).first
    expect(to_review).to_be_visible()
    screenshot(review, "documentation-admin-reviewer-dashboard")
    to_review.click()
    expect(review).to_have_url(re.compile(rf"/admin/pages/{sheet.pk}/edit/"))
    expect(review.get_by_label(re.compile(r"^(Résumé|Summary)"))).to_have_value(
        NEW_SUMMARY
    )
    review.get_by_role(
        "button", name=re.compile(r"Plus d'actions|More actions")
    ).click()
    review.get_by_role(
        "button", name=re.compile(r"^\s*(Approuver et Publier|Approve and Publish)$")
    ).click()
    expect(review.locator(".messages")).to_contain_text(sheet.title)

    # The reseller now reads the new summary, updated today, and who answers for it.
    page.reload()
    expect(header.locator(".lead")).to_have_text(NEW_SUMMARY)
    expect(header.locator(".doc-meta")).to_contain_text(
        re.compile(r"Dernière mise à jour|Last updated")
    )
    expect(header.locator(".doc-meta time")).to_have_text(today)
    expect(header.locator(".doc-meta")).to_contain_text("Claire Vidal")
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, "documentation-sheet-after-review")

    # Publication, not the draft, tells the follower by email (Wagtail writes
    # to the editor and the reviewer too).
    to_buyer = [m for m in mailoutbox if buyer.email in m.to]
    assert len(to_buyer) == 1, [(m.to, m.subject) for m in mailoutbox]
    assert sheet.title in to_buyer[0].body


# --- Search -------------------------------------------------------------------


def test_reseller_finds_a_fault_code_a_symptom_and_is_helped_past_a_typo(
    page: Page, buyer, docs
):
    log_in(page, buyer.email, PASSWORD)

    # A fault code typed alone opens its page.
    header_search(page, "e12")
    expect(page).to_have_url(
        re.compile(re.escape(docs["e12"].get_url()) + r"\?from_search=e12$")
    )
    expect(page.locator("main h1")).to_contain_text("E12")
    expect(page.locator("main h1")).to_contain_text("Fuite détectée")
    steps = page.locator("ol.steps > li")
    expect(steps.first).to_contain_text("Coupez l'arrivée d'eau")
    expect(page.locator("main .notice")).to_contain_text("e12")
    screenshot(page, "documentation-fault-code-e12")

    # A symptom in the singular finds the page that speaks of "fuites".
    header_search(page, "fuite")
    expect(page).to_have_url(re.compile(r"/search/\?q=fuite$"))
    group = page.locator("section.search-group").filter(
        has=page.get_by_role("heading", name=re.compile(r"Codes défaut|Fault codes"))
    )
    expect(group).to_have_count(1)
    result = group.locator(".search-result")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link")).to_contain_text("E12")
    expect(result.locator(".search-result__step")).to_contain_text(
        "Coupez l'arrivée d'eau"
    )
    expect_no_page_scroll_sideways(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, "documentation-search-fuite")

    # A typo finds nothing, but the page suggests the word it was close to.
    header_search(page, "cartouhe")
    empty = page.locator("section.empty-state")
    expect(empty.get_by_role("heading", level=2)).to_contain_text(
        re.compile(r"(Aucun résultat|Rien trouvé|Nothing found).*cartouhe")
    )
    suggestion = empty.locator(".suggestion a")
    expect(suggestion).to_have_text("cartouche")
    assert_no_serious_axe_violations(page)
    screenshot(page, "documentation-search-nothing-found")
    suggestion.click()
    products = page.locator("section.search-group").filter(
        has=page.get_by_role("heading", name=re.compile(r"Produits|Products"))
    )
    expect(products.locator(".search-result").first).to_contain_text("CAR-AQP-01")


def test_reseller_browses_the_library_filters_fault_codes_and_chooses_alerts(
    page: Page, new_context, buyer, docs
):
    log_in(page, buyer.email, PASSWORD)
    expect(page.locator(".whats-new")).to_contain_text(docs["e12"].title)
    screenshot(page, "documentation-reseller-home-whats-new")

    page.get_by_role("link", name=re.compile(r"^Documentation$")).first.click()
    expect(page).to_have_url(re.compile(re.escape(docs["index"].url)))
    row = page.get_by_role("row", name=re.compile("AquaPure 300"))
    expect(
        row.get_by_role("link", name=re.compile("Fiche client|Leave-behind"))
    ).to_be_visible()
    expect(page.locator(".whats-new")).to_contain_text(docs["sheet"].title)
    assert_no_serious_axe_violations(page)
    expect_no_page_scroll_sideways(page)
    screenshot(page, "documentation-index")

    row.get_by_role("link", name=re.compile("mise en service|Start-up")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(docs["manual"].title)
    expect(page.locator(".steps")).to_contain_text("Ouvrez lentement")
    screenshot(page, "documentation-manual")

    page.goto(docs["codes"].url)
    page.get_by_label(re.compile("Code ou symptôme|Code or symptom")).fill("e 12")
    page.get_by_role("button", name=re.compile("Filtrer|Filter")).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("1 code"))
    expect(page.get_by_role("row", name=re.compile("E12"))).to_be_visible()
    assert_no_serious_axe_violations(page)
    screenshot(page, "documentation-fault-code-list")

    page.goto(docs["index"].url)
    page.get_by_role("link", name=re.compile("Mes alertes|My email alerts")).click()
    page.get_by_label(re.compile("AquaPure 300")).check()
    page.get_by_role("button", name=re.compile("Enregistrer|Save my alerts")).click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        re.compile("enregistrées|saved")
    )
    expect(page.get_by_label(re.compile("AquaPure 300"))).to_be_checked()
    assert_no_serious_axe_violations(page)
    screenshot(page, "documentation-alerts")

    phone = new_context(viewport=PHONE)
    log_in(phone, buyer.email, PASSWORD)
    phone.goto(docs["e12"].url)
    expect_no_page_scroll_sideways(phone)
    screenshot(phone, "documentation-fault-code-phone")


# --- Paper: poster and leave-behind sheet ---------------------------------------


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_consumables_poster_prints_on_one_sheet_without_the_portal_around_it(
    new_context, buyer, docs, paper
):
    page = new_context(viewport={"width": PAPER_WIDTH[paper], "height": 800})
    log_in(page, buyer.email, PASSWORD)
    page.goto(docs["table"].get_url() + f"?paper={paper}")
    expect(page.locator("body")).to_have_class(re.compile(rf"\bposter--{paper}\b"))
    cards = page.locator(".poster-card")
    expect(cards).to_have_count(2)
    expect(cards.filter(has_text="AquaPure 300").locator("tbody tr")).to_have_count(4)
    expect(cards.filter(has_text="CAL-20").locator("tbody tr")).to_have_count(3)

    page.emulate_media(media="print")
    screenshot(page, f"documentation-poster-print-{paper}")
    # What Chromium really prints, sheet by sheet, for a person to look at.
    printed = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True))
    for number, sheet in enumerate(printed, start=1):
        sheet.render(scale=1).to_pil().save(
            SCREENSHOTS / f"documentation-poster-printed-{paper}-sheet{number}.png"
        )

    # On paper: the table, its title and date; no menus, forms nor buttons.
    for hidden in [
        "nav.tabs",
        ".site-search",
        ".site-header__tools",
        ".breadcrumbs",
        "form.filters",
        ".site-footer",
    ]:
        expect(page.locator(hidden)).to_be_hidden()
    for button in page.get_by_role("button").all():
        expect(button).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    expect(cards.first).to_be_visible()
    expect_no_page_scroll_sideways(page)
    # What a shop would notice on the printed poster, all reported at once.
    problems = []
    # Every card's table fits its column: nothing is cut off on paper.
    for table in page.locator(".poster-table").all():
        if not table.evaluate(
            "t => t.getBoundingClientRect().right"
            " <= t.closest('.poster-card').getBoundingClientRect().right + 1"
        ):
            problems.append("a table is wider than its card")
    # A reference is read off the wall and typed in an order: never split.
    split = page.locator(".poster-table td.ref").evaluate_all(
        """cells => cells.filter(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return range.getClientRects().length > 1;
        }).map(cell => cell.textContent.trim())"""
    )
    if split:
        problems.append(f"references split over two lines: {split}")
    # The poster spreads over the sheet's width; A3 is chosen for bigger cards.
    grid = page.locator(".poster-grid").bounding_box()
    assert grid is not None
    if grid["width"] < 0.9 * PAPER_WIDTH[paper]:
        problems.append(
            f"the poster uses {grid['width']:.0f}px of the "
            f"{PAPER_WIDTH[paper]}px the sheet offers"
        )
    # One sheet of the chosen paper, landscape: no sheet with the header alone.
    sizes = [tuple(round(side * 25.4 / 72) for side in s.get_size()) for s in printed]
    if sizes != [PAPER_MM[paper]]:
        problems.append(
            f"prints on {len(sizes)} sheet(s) of {sizes} mm "
            f"instead of one of {PAPER_MM[paper]} mm"
        )
    assert not problems, f"{paper.upper()} poster: " + "; ".join(problems)


def test_leave_behind_sheet_downloads_as_a_pdf_naming_appliance_and_cartridge(
    page: Page, buyer, docs, aquapure
):
    appliance, cartridge = aquapure
    log_in(page, buyer.email, PASSWORD)
    page.goto(docs["sheet"].get_url())
    page.get_by_role(
        "link", name=re.compile(r"^(Fiche client|Leave-behind sheet)$")
    ).click()
    expect(page.locator("article.leave-behind")).to_contain_text(appliance.name)
    expect(page.locator("article.leave-behind")).to_contain_text(cartridge.reference)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".doc__actions")).to_be_hidden()
    screenshot(page, "documentation-leave-behind-print")
    page.emulate_media(media="screen")
    # On a phone each consumable is a card (the shared .table--stack rules):
    # its name across the card, the reference and interval labelled below.
    page.set_viewport_size(PHONE)
    expect_no_page_scroll_sideways(page)
    first = page.locator("article.leave-behind table.table--stack tbody tr").first
    expect(first.locator("td.cell--wide")).to_contain_text(cartridge.name)
    screenshot(page, "documentation-leave-behind-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    link = page.get_by_role(
        "link", name=re.compile(r"Télécharger en PDF|Download as PDF")
    )
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"fiche-{appliance.reference}.pdf"
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    document = pdfium.PdfDocument(pdf)
    SCREENSHOTS.mkdir(exist_ok=True)
    document[0].render(scale=2).to_pil().save(
        SCREENSHOTS / "documentation-leave-behind-pdf-page1.png"
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert appliance.name in text
    assert cartridge.reference in text
    assert "Nettoyer le bac à sel" in text

    # The same address from the logged-in context (no browser download).
    response = page.context.request.get(download.url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


# --- Who may not read ---------------------------------------------------------


def test_documentation_is_closed_to_visitors_outsiders_and_suspended_resellers(
    page: Page, new_context, live_server, buyer, organisation, docs
):
    sheet_url = docs["sheet"].get_url()

    # Anonymous: the login page, then the sheet once logged in.
    page.goto(sheet_url)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.locator("input[name=login]").fill(buyer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.panel button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{sheet_url}")
    expect(page.locator("main h1")).to_have_text(docs["sheet"].title)

    # A user of no reseller: as if the page did not exist.
    outsider = new_context()
    stranger = UserFactory(email="particulier@example.test")
    log_in(outsider, stranger.email, PASSWORD)
    response = outsider.goto(sheet_url)
    assert response is not None and response.status == 404
    expect(outsider.locator("main")).not_to_contain_text(OLD_SUMMARY)
    response = outsider.goto("/search/?q=e12")
    assert response is not None and response.status == 404

    # A suspended reseller is signed out and sees nothing of the sheet.
    Organisation.objects.filter(pk=organisation.pk).update(
        status=Organisation.Status.SUSPENDED
    )
    page.goto(sheet_url)
    expect(page).to_have_url(re.compile(r"/access-suspended/$"))
    expect(page.locator("body")).not_to_contain_text(OLD_SUMMARY)
    expect(page.locator("main")).to_contain_text(organisation.name)
