"""Customer installations: the on-site form on a phone, the customer's space
reached by an emailed code, a web reorder credited to the installer; a form
sent back with an error keeps everything; drafts; accessibility."""

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from accounts.customers.models import Installation
from accounts.customers.schedule import next_due
from accounts.customers.services.installation_photos import photo_upload
from accounts.customers.services.installations import (
    CustomerDetails,
    InstallationDetails,
    installation_record,
)
from ordering.orders.models import Order
from tests.accounts.factories import PASSWORD, picture
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    log_in_by_code,
    login_code_sent_to,
    screenshot,
)
from tests.ordering.factories import ApplianceFactory, CompatibilityFactory, stocked

pytestmark = pytest.mark.e2e

CUSTOMER = {
    "first_name": "Élodie",
    "last_name": "Martin",
    "email": "elodie.martin@example.test",
    "phone": "06 11 22 33 44",
    "line1": "8 chemin des Vignes",
    "postcode": "69300",
    "city": "Caluire",
}
SERIAL = "AQP300-48213"
NOTES = "Sous l'évier de la cuisine, vanne d'arrêt à gauche."
# Installed 170 days ago, the 6-month cartridge falls due in a fortnight or so.
INSTALLED_DAYS_AGO = 170

RECORD = re.compile(r"Enregistrer l['’]installation|Record the installation")
DRAFT = re.compile(r"Enregistrer (comme|en) brouillon|Save as draft")


@pytest.fixture
def aquapure(db):
    """An appliance, its 6-month cartridge and its 12-month salt, in stock."""
    appliance = ApplianceFactory(name="AquaPure 300", reference="AQP-300")
    cartridge = stocked(
        reference="CAR-AQP-01",
        name="Cartouche anticalcaire",
        unit_price=Decimal("24.90"),
        replacement_interval_months=6,
    )
    salt = stocked(
        reference="SEL-25",
        name="Sel régénérant 25 kg",
        unit_price=Decimal("9.50"),
        replacement_interval_months=12,
    )
    CompatibilityFactory(appliance=appliance, part=cartridge, quantity_per_change=1)
    CompatibilityFactory(appliance=appliance, part=salt, quantity_per_change=2)
    return appliance, cartridge, salt


@pytest.fixture
def photo_file(tmp_path):
    """A small JPEG on disk, as a phone's camera would hand it to the browser."""
    path = tmp_path / "evier.jpg"
    image = Image.new("RGB", (800, 600), (30, 110, 170))
    ImageDraw.Draw(image).rectangle((200, 150, 600, 450), fill=(240, 240, 240))
    image.save(path, format="JPEG", quality=80)
    return path


def french_date(day) -> str:
    with override("fr"):
        return date_format(day, "j F Y")


def installation_form(page: Page):
    return page.locator("form.installation-form")


def choose_appliance(page: Page, appliance) -> None:
    """Picking the appliance sends the form back with its consumables."""
    form = installation_form(page)
    with page.expect_navigation():
        form.locator("select[name=appliance]").select_option(str(appliance.pk))
    expect(form.locator("ul.fitted-list li")).not_to_have_count(0)


def fill_new_customer(page: Page, **overrides) -> None:
    form = installation_form(page)
    for name, value in {**CUSTOMER, **overrides}.items():
        form.locator(f"input[name={name}]").fill(value)


def tick(page: Page, part, quantity: int | None = None) -> None:
    form = installation_form(page)
    form.locator(f"input[name=consumables][value='{part.pk}']").check()
    if quantity is not None:
        form.locator(f"input[name=qty_{part.pk}]").fill(str(quantity))


def submit(page: Page, name: re.Pattern) -> None:
    with page.expect_navigation():
        page.locator(".form-actions").get_by_role("button", name=name).click()


def expect_photos_loaded(page: Page, count: int) -> None:
    """``count`` pictures on the page, each actually decoded by the browser."""
    images = page.locator("ul.photo-grid img")
    expect(images).to_have_count(count)
    for index in range(count):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        assert image.evaluate("img => img.naturalWidth") > 0


def expect_tables_fit(page: Page) -> None:
    """Every column of every table is on screen: no table scrolls sideways."""
    wraps = page.locator("main .table-wrap")
    expect(wraps).not_to_have_count(0)
    for index in range(wraps.count()):
        widths = wraps.nth(index).evaluate(
            "el => ({content: el.scrollWidth, box: el.clientWidth})"
        )
        assert widths["content"] <= widths["box"], (page.url, index, widths)


def record_for_customer(technician, organisation, aquapure, **customer) -> Installation:
    """An installation recorded through the service, with a photo, as the form does."""
    appliance, cartridge, salt = aquapure
    today = timezone.localdate()
    photo = photo_upload(organisation=organisation, by=technician, upload=picture())
    recorded = installation_record(
        organisation=organisation,
        by=technician,
        details=InstallationDetails(
            appliance=appliance,
            serial_number=SERIAL,
            installed_on=today - timedelta(days=INSTALLED_DAYS_AGO),
            customer_details=CustomerDetails(**{**CUSTOMER, **customer}),
            shares_record=True,
            consumables=[(cartridge, 1), (salt, 2)],
            site_notes=NOTES,
        ),
        photos=[photo],
    )
    return recorded.installation


# --- 1. From the customer's kitchen to a web reorder credited to the installer ----


def test_technician_records_on_a_phone_and_the_customer_reorders_online(
    new_context, live_server, technician, organisation, aquapure, photo_file
):
    appliance, cartridge, salt = aquapure
    today = timezone.localdate()
    installed_on = today - timedelta(days=INSTALLED_DAYS_AGO)
    cartridge_due = next_due(installed_on, 6)

    tech = new_context(viewport=PHONE)
    log_in(tech, technician.email, PASSWORD)
    tech.locator('nav.tabs a[href="/reseller/installations/"]').click()
    expect(tech.locator("main h1")).to_have_text(
        re.compile(r"Installations clients|Customer installations")
    )
    tech.locator('main a[href="/reseller/installations/new/"]').click()
    expect(tech).to_have_url(f"{live_server.url}/reseller/installations/new/")

    fill_new_customer(tech)
    choose_appliance(tech, appliance)
    # What was typed before the appliance was chosen is still there.
    form = installation_form(tech)
    expect(form.locator("input[name=last_name]")).to_have_value("Martin")
    expect(form.locator("input[name=email]")).to_have_value(CUSTOMER["email"])
    fitted = form.locator("ul.fitted-list li")
    expect(fitted).to_have_count(2)
    expect(fitted.filter(has_text="CAR-AQP-01")).to_contain_text(
        "Cartouche anticalcaire"
    )
    tick(tech, cartridge)
    tick(tech, salt, 2)
    form.locator("input[name=serial_number]").fill("aqp300-48213")
    form.locator("input[name=installed_on]").fill(installed_on.isoformat())
    form.locator("textarea[name=site_notes]").fill(NOTES)
    form.locator("input[name=photos]").set_input_files(photo_file)
    form.locator("input[name=shares_record]").check()
    expect_no_page_scroll_sideways(tech)
    screenshot(tech, "installations-form-phone")
    submit(tech, RECORD)

    expect(tech).to_have_url(re.compile(r"/reseller/installations/\d+/$"))
    detail_url = tech.url
    installation = Installation.objects.get(serial_number=SERIAL)
    assert detail_url.endswith(f"/reseller/installations/{installation.pk}/")
    messages = tech.locator(".messages")
    expect(messages).to_contain_text(re.compile(r"enregistrée|recorded"))
    expect(tech.locator("main h1")).to_contain_text("AquaPure 300")
    expect(tech.locator("main h1")).to_contain_text(SERIAL)
    customer_card = tech.locator("section[aria-labelledby=customer-title]")
    expect(customer_card).to_contain_text("Élodie Martin")
    expect(customer_card).to_contain_text("8 chemin des Vignes")
    expect(customer_card).to_contain_text(CUSTOMER["email"])
    expect(tech.locator("section[aria-labelledby=install-title]")).to_contain_text(
        NOTES
    )
    schedule = tech.locator("table.schedule tbody tr")
    expect(schedule).to_have_count(2)
    # Soonest first: the cartridge, due in a fortnight; the salt later.
    expect(schedule.first).to_contain_text("Cartouche anticalcaire")
    expect(schedule.first).to_contain_text(french_date(cartridge_due))
    expect(schedule.first.locator(".badge--soon")).to_be_visible()
    expect(schedule.nth(1)).to_contain_text("Sel régénérant 25 kg")
    expect(schedule.nth(1)).to_contain_text("× 2")
    expect_photos_loaded(tech, 1)
    expect_no_page_scroll_sideways(tech)
    expect_tables_fit(tech)
    screenshot(tech, "installations-detail-phone")

    # The customer is emailed the way into their space.
    invitations = [m for m in mail.outbox if CUSTOMER["email"] in m.to]
    assert len(invitations) == 1, [m.subject for m in mail.outbox]
    invitation = invitations[0]
    assert "AquaPure 300" in invitation.subject
    link = re.search(r"https?://\S+/accounts/login/code/", invitation.body)
    assert link, invitation.body

    customer = new_context(viewport=PHONE)
    customer.goto(urlsplit(link.group(0)).path)
    customer.locator("input[name=email]").fill(CUSTOMER["email"])
    with customer.expect_navigation():
        customer.locator("main form button[type=submit]").first.click()
    expect(customer).to_have_url(re.compile(r"/accounts/login/code/confirm/$"))
    customer.locator("input[name=code]").fill(login_code_sent_to(CUSTOMER["email"]))
    with customer.expect_navigation():
        customer.locator("main form button[type=submit]").first.click()

    expect(customer).to_have_url(f"{live_server.url}/customer/")
    expect(customer.locator("main h1")).to_contain_text("Élodie")
    card = customer.locator("section.appliance-card")
    expect(card).to_have_count(1)
    expect(card.locator("h2")).to_have_text("AquaPure 300")
    expect(card).to_contain_text(french_date(installed_on))
    expect(card).to_contain_text(organisation.name)
    expect(card).to_contain_text(SERIAL)
    rows = card.locator("table.schedule tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Cartouche anticalcaire")
    days_left = (cartridge_due - today).days
    expect(rows.first.locator(".badge--soon")).to_contain_text(str(days_left))
    expect_no_page_scroll_sideways(customer)
    expect_tables_fit(customer)
    screenshot(customer, "installations-customer-home-phone")

    card.locator(
        f'a[href="/customer/installations/{installation.pk}/reorder/"]'
    ).click()
    # The cartridge is due, so it is ordered already; the salt is not.
    expect(customer.locator(f"input[name=qty_{cartridge.pk}]")).to_have_value("1")
    expect(customer.locator(f"input[name=qty_{salt.pk}]")).to_have_value("0")
    methods = customer.locator("input[name=payment_method]")
    expect(methods).to_have_count(1)
    expect(methods).to_have_value("transfer")
    expect(methods).to_be_checked()
    expect_no_page_scroll_sideways(customer)
    expect_tables_fit(customer)
    screenshot(customer, "installations-customer-reorder-phone")
    with customer.expect_navigation():
        customer.get_by_role(
            "button", name=re.compile(r"Passer la commande|Place the order")
        ).click()

    expect(customer).to_have_url(re.compile(r"/customer/orders/[A-Z]+-\d{4}-\d{6}/$"))
    number = customer.url.rstrip("/").rsplit("/", 1)[-1]
    expect(customer.locator("main h1")).to_contain_text(number)
    transfer = customer.locator(".callout")
    expect(transfer).to_contain_text(number)
    expect(transfer).to_contain_text("IBAN")
    lines = customer.locator("main table tbody tr")
    expect(lines).to_have_count(1)
    expect(lines).to_contain_text("CAR-AQP-01")
    expect_no_page_scroll_sideways(customer)
    expect_tables_fit(customer)
    screenshot(customer, "installations-customer-order-phone")
    order = Order.objects.get(number=number)
    assert order.channel == Order.Channel.WEB
    assert order.credited_organisation == organisation

    # The technician's page now shows the sale credited to the installer.
    tech.goto(detail_url)
    credited = tech.locator("section[aria-labelledby=orders-title]")
    expect(credited).to_contain_text(number)
    screenshot(tech, "installations-detail-credited-phone")


# --- 2. A form sent back keeps what was typed and the photo -------------------------


def test_a_missing_serial_number_keeps_the_typed_values_and_the_photo(
    new_context, live_server, technician, aquapure, photo_file
):
    appliance, cartridge, salt = aquapure
    page = new_context(viewport=PHONE)
    log_in(page, technician.email, PASSWORD)
    page.goto("/reseller/installations/new/")
    form = installation_form(page)
    fill_new_customer(page)
    choose_appliance(page, appliance)
    tick(page, cartridge)
    form.locator("textarea[name=site_notes]").fill(NOTES)
    form.locator("input[name=photos]").set_input_files(photo_file)
    form.locator("input[name=shares_record]").check()
    submit(page, RECORD)

    expect(page).to_have_url(f"{live_server.url}/reseller/installations/new/")
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#form-errors")).to_be_focused()
    serial = page.locator(".field--error").filter(
        has=page.locator("input[name=serial_number]")
    )
    expect(serial.locator(".field__errors")).not_to_be_empty()
    expect(form.locator("input[name=last_name]")).to_have_value("Martin")
    expect(form.locator("input[name=email]")).to_have_value(CUSTOMER["email"])
    expect(form.locator("input[name=city]")).to_have_value("Caluire")
    expect(form.locator("textarea[name=site_notes]")).to_have_value(NOTES)
    expect(form.locator("select[name=appliance]")).to_have_value(str(appliance.pk))
    expect(
        form.locator(f"input[name=consumables][value='{cartridge.pk}']")
    ).to_be_checked()
    expect(
        form.locator(f"input[name=consumables][value='{salt.pk}']")
    ).not_to_be_checked()
    expect(form.locator("input[name=shares_record]")).to_be_checked()
    expect_photos_loaded(page, 1)
    expect_no_page_scroll_sideways(page)
    screenshot(page, "installations-form-error-phone")
    assert not Installation.objects.exists()

    # The serial number is typed; the photo is not attached again.
    form.locator("input[name=serial_number]").fill(SERIAL)
    submit(page, RECORD)

    expect(page).to_have_url(re.compile(r"/reseller/installations/\d+/$"))
    installation = Installation.objects.get()
    assert installation.status == Installation.Status.SUBMITTED
    assert installation.photos.count() == 1
    expect(page.locator("main h1")).to_contain_text(SERIAL)
    expect_photos_loaded(page, 1)


def test_choosing_the_appliance_reports_no_error_yet(new_context, technician, aquapure):
    appliance, cartridge, salt = aquapure
    page = new_context(viewport=PHONE)
    log_in(page, technician.email, PASSWORD)
    page.goto("/reseller/installations/new/")
    choose_appliance(page, appliance)
    # Nothing was sent to be recorded: nothing is "not recorded yet".
    assert page.locator("#form-errors").count() == 0
    assert page.locator(".field--error").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_enter_in_the_customer_search_runs_the_search(
    browser, live_server, technician, organisation, aquapure, javascript
):
    record_for_customer(technician, organisation, aquapure)
    # With portal.js, and without it (the view tells Enter in the search apart).
    context = browser.new_context(
        viewport=PHONE,
        locale="fr-FR",
        base_url=live_server.url,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        log_in(page, technician.email, PASSWORD)
        page.goto("/reseller/installations/new/")
        form = installation_form(page)
        form.locator("input[name=serial_number]").fill("AQP300-99999")
        form.locator("textarea[name=site_notes]").fill(NOTES)
        lookup = form.locator("input[name=customer_lookup]")
        lookup.fill(CUSTOMER["email"])
        with page.expect_navigation():
            lookup.press("Enter")

        matches = form.locator("fieldset.matches")
        expect(matches).to_contain_text("Élodie Martin")
        expect(matches.locator("input[name=customer]")).to_have_count(2)
        expect(page.locator("#form-errors")).to_have_count(0)
        expect(page.locator(".field--error")).to_have_count(0)
        expect(lookup).to_have_value(CUSTOMER["email"])
        expect(form.locator("input[name=serial_number]")).to_have_value("AQP300-99999")
        expect(form.locator("textarea[name=site_notes]")).to_have_value(NOTES)
        assert Installation.objects.count() == 1  # only the one recorded before
        screenshot(page, f"installations-lookup-enter-{'js' if javascript else 'nojs'}")
    finally:
        context.close()


# --- 3. A draft, finished later ------------------------------------------------------


def test_a_draft_is_found_again_with_what_was_typed(
    new_context, live_server, technician, aquapure
):
    appliance, cartridge, salt = aquapure
    page = new_context(viewport=PHONE)
    log_in(page, technician.email, PASSWORD)
    page.goto("/reseller/installations/new/")
    form = installation_form(page)
    fill_new_customer(page, email="", phone="")
    choose_appliance(page, appliance)
    tick(page, salt, 3)
    form.locator("input[name=serial_number]").fill(SERIAL)
    form.locator("textarea[name=site_notes]").fill(NOTES)
    submit(page, DRAFT)

    expect(page).to_have_url(re.compile(r"/reseller/installations/drafts/\d+/$"))
    expect(page.locator(".messages")).to_contain_text(re.compile(r"rouillon|raft"))
    draft = Installation.objects.get()
    assert draft.status == Installation.Status.DRAFT

    # Later, from the list.
    page.locator('nav.tabs a[href="/reseller/installations/"]').click()
    drafts = page.locator("section[aria-labelledby=drafts-title]")
    expect(drafts.locator("h2")).to_have_text(
        re.compile(r"Brouillons à terminer|Drafts to finish")
    )
    # A draft is not an installation yet: the list itself has none.
    expect(page.locator("main table")).to_have_count(0)
    screenshot(page, "installations-list-drafts-phone")
    drafts.get_by_role("link", name=re.compile("Martin")).click()

    expect(page).to_have_url(
        f"{live_server.url}/reseller/installations/drafts/{draft.pk}/"
    )
    form = installation_form(page)
    expect(form.locator("input[name=first_name]")).to_have_value("Élodie")
    expect(form.locator("input[name=last_name]")).to_have_value("Martin")
    expect(form.locator("input[name=line1]")).to_have_value(CUSTOMER["line1"])
    expect(form.locator("input[name=postcode]")).to_have_value(CUSTOMER["postcode"])
    expect(form.locator("input[name=serial_number]")).to_have_value(SERIAL)
    expect(form.locator("textarea[name=site_notes]")).to_have_value(NOTES)
    expect(form.locator("select[name=appliance]")).to_have_value(str(appliance.pk))
    expect(form.locator(f"input[name=consumables][value='{salt.pk}']")).to_be_checked()
    expect(form.locator(f"input[name=qty_{salt.pk}]")).to_have_value("3")
    expect(
        form.locator(f"input[name=consumables][value='{cartridge.pk}']")
    ).not_to_be_checked()
    screenshot(page, "installations-draft-resumed-phone")

    # Finished on the spot: recorded, and no longer a draft to finish.
    form.locator("input[name=phone]").fill(CUSTOMER["phone"])
    submit(page, RECORD)
    expect(page).to_have_url(f"{live_server.url}/reseller/installations/{draft.pk}/")
    expect(page.locator("table.schedule tbody tr")).to_contain_text(
        "Sel régénérant 25 kg × 3"
    )
    page.locator('nav.tabs a[href="/reseller/installations/"]').click()
    expect(page.locator("section[aria-labelledby=drafts-title]")).to_have_count(0)
    expect(page.locator("main table tbody tr")).to_contain_text("Élodie Martin")


# --- 4. Accessibility on the phone ----------------------------------------------------


def test_form_detail_and_customer_home_have_no_serious_axe_violation(
    new_context, technician, organisation, aquapure
):
    appliance, cartridge, salt = aquapure
    installation = record_for_customer(technician, organisation, aquapure)

    tech = new_context(viewport=PHONE)
    log_in(tech, technician.email, PASSWORD)
    tech.goto("/reseller/installations/new/")
    choose_appliance(tech, appliance)
    assert_no_serious_axe_violations(tech)
    # Sent back with errors: the messages are tied to their fields.
    submit(tech, RECORD)
    expect(tech.locator("#form-errors")).to_be_visible()
    assert_no_serious_axe_violations(tech)

    tech.goto(f"/reseller/installations/{installation.pk}/")
    expect_photos_loaded(tech, 1)
    assert_no_serious_axe_violations(tech)

    customer = new_context(viewport=PHONE)
    log_in_by_code(customer, CUSTOMER["email"])
    expect(customer.locator("section.appliance-card")).to_have_count(1)
    assert_no_serious_axe_violations(customer)
