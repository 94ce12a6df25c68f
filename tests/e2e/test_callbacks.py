"""The kept promise: an agent finds the caller by the serial number on their
appliance, schedules a callback; the customer sees when they will be called;
the agent marks it done; the manager's dashboard counts it as kept."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.callbacks.models import CallbackRequest
from accounts.network.models import User
from tests.accounts.factories import PASSWORD, CustomerFactory, InstallationFactory
from tests.e2e.conftest import (
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    log_in_by_code,
    screenshot,
)
from tests.ordering.factories import ApplianceFactory

pytestmark = pytest.mark.e2e

SERIAL = "AQP300-77120"


@pytest.fixture
def caller(organisation):
    """A customer with a customer-space login and one installed appliance."""
    customer = CustomerFactory(
        first_name="Noémie",
        last_name="Garnier",
        email="noemie.garnier@example.test",
        phone="06 45 12 78 90",
        postcode="69006",
        city="Lyon",
    )
    customer.user = User.objects.create_user(email=customer.email)
    customer.user.set_unusable_password()
    customer.user.save()
    EmailAddress.objects.create(user=customer.user, email=customer.email, primary=True)
    customer.save()
    InstallationFactory(
        organisation=organisation,
        customer=customer,
        appliance=ApplianceFactory(name="AquaPure 300", reference="AQP-300"),
        serial_number=SERIAL,
    )
    return customer


@pytest.fixture
def missed_yesterday(caller):
    """A promise already broken: the rate starts at 0 % (0 of 1)."""
    now = timezone.now()
    return CallbackRequest.objects.create(
        customer=CustomerFactory(),
        reason="order",
        phone="04 72 00 00 00",
        due_at=now - timedelta(days=1),
        source="customer",
        created_at=now - timedelta(days=2),
        status="missed",
        missed_at=now - timedelta(days=1),
    )


def dashboard_rate(page: Page) -> str:
    """The kept-promise figure, over two months around today."""
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today + timedelta(days=30)
    page.goto(f"/staff/dashboard/?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}")
    return page.locator("#kpi-promises .kpi__value").inner_text()


def test_agent_schedules_a_callback_the_customer_sees_it_and_it_is_kept(
    new_context, agent, manager, caller, missed_yesterday
):
    boss: Page = new_context()
    log_in(boss, manager.email, PASSWORD)
    assert dashboard_rate(boss).startswith("0")

    desk: Page = new_context()
    log_in(desk, agent.email, PASSWORD)

    # The caller reads the serial number off the rating plate.
    desk.goto("/staff/customers/")
    search = desk.locator("main input[name=q]")
    search.fill(SERIAL.lower())
    search.press("Enter")
    desk.get_by_role("link", name="Noémie Garnier").click()
    expect(desk.locator("h1")).to_have_text("Noémie Garnier")
    expect(desk.locator(".timeline")).to_contain_text(SERIAL)

    desk.get_by_role(
        "link", name=re.compile("Planifier un rappel|Schedule a callback")
    ).click()
    desk.get_by_label(
        re.compile("Appareil concerné|Appliance concerned")
    ).select_option(label=f"AquaPure 300 · {SERIAL}")
    desk.get_by_label(
        re.compile("De quoi s['’]agit-il|What is it about")
    ).select_option("fault")
    desk.get_by_label(re.compile("^Détails|^Details")).fill(
        "Code E12 affiché depuis ce matin."
    )
    desk.get_by_role(
        "button", name=re.compile("Planifier le rappel|Schedule the callback")
    ).click()
    expect(desk.locator(".messages")).to_contain_text(
        re.compile("Rappel planifié|Callback scheduled")
    )
    callback = CallbackRequest.objects.get(customer=caller)
    assert callback.owner == agent and callback.installation.serial_number == SERIAL
    screenshot(desk, "customer_360")
    assert_no_serious_axe_violations(desk)

    # The customer opens their space and reads when they will be called.
    customer_page: Page = new_context()
    mail.outbox.clear()
    log_in_by_code(customer_page, caller.email)
    customer_page.goto("/customer/")
    promise = customer_page.locator(".callback-promise")
    expect(promise).to_contain_text("06 45 12 78 90")
    expect(promise).to_contain_text(callback.due_at.astimezone().strftime("%H:%M"))
    screenshot(customer_page, "customer_callback_promise")

    # The agent works the queue and marks the call done.
    desk.goto("/staff/callbacks/")
    expect_no_page_scroll_sideways(desk)
    screenshot(desk, "callback_queue")
    desk.get_by_role("link", name="Noémie Garnier").click()
    desk.get_by_role(
        "button", name=re.compile("J['’]appelle maintenant|I am calling now")
    ).click()
    desk.get_by_label(
        re.compile("Comment s['’]est passé l['’]appel|How did the call go")
    ).fill("Technicien envoyé jeudi matin.")
    desk.get_by_role(
        "button", name=re.compile("Marquer comme fait|Mark as done")
    ).click()
    expect(desk.locator(".badge--callback-done")).to_be_visible()
    callback.refresh_from_db()
    assert callback.status == "done" and callback.kept

    # The kept promise counts on the manager's dashboard: 1 of 2.
    assert dashboard_rate(boss).startswith("50")
