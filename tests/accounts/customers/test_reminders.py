"""The maintenance schedule and its reminders: computed in calendar months,
sent once, resumed without duplicates after a run stopped half-way."""

from datetime import date

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from accounts.customers.models import MaintenanceReminder
from accounts.customers.schedule import Due, add_months
from accounts.customers.selectors import maintenance_schedule
from accounts.customers.services import reminders as reminder_service
from accounts.customers.services.reminders import reminders_send
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    fitted,
)

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),
        (date(2026, 3, 10), 24, date(2028, 3, 10)),
    ],
)
def test_months_are_calendar_months_kept_inside_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_a_due_date_is_overdue_soon_or_later():
    assert Due(on=date(2026, 11, 30), today=TODAY).state == "overdue"
    assert Due(on=TODAY, today=TODAY).state == "soon"
    assert Due(on=date(2026, 12, 31), today=TODAY).state == "soon"  # 30 days
    assert Due(on=date(2027, 1, 1), today=TODAY).state == "later"
    assert Due(on=None, today=TODAY).state == "none"


@pytest.mark.django_db
def test_the_schedule_lists_what_is_due_first(organisation, appliance, cartridge, salt):
    installation = InstallationFactory(
        organisation=organisation, appliance=appliance, installed_on=date(2026, 3, 1)
    )
    fitted(installation, salt)  # 12 months: 1 March 2027
    fitted(installation, cartridge)  # 6 months: 1 September 2026, overdue
    rows = maintenance_schedule(installation, today=TODAY)
    assert [(r.part, r.due.on, r.due.state) for r in rows] == [
        (cartridge, date(2026, 9, 1), "overdue"),
        (salt, date(2027, 3, 1), "later"),
    ]


@pytest.fixture
def three_due_customers(organisation, appliance, cartridge):
    """Three customers of the installer, each with a cartridge due this month."""
    installations = []
    for name in ("Arnaud", "Bérénice", "Camille"):
        installation = InstallationFactory(
            organisation=organisation,
            appliance=appliance,
            customer=CustomerFactory(first_name=name),
            installed_on=date(2026, 6, 10),
        )
        fitted(installation, cartridge)  # due 10 December 2026
        installations.append(installation)
    return installations


def _customer_mails() -> list[str]:
    return [m.to[0] for m in mail.outbox if "Time to change" in m.subject]


def _installer_mails() -> list:
    return [m for m in mail.outbox if "customers' maintenance" in m.subject]


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.django_db
def test_each_customer_is_reminded_once_and_their_installer_told(
    three_due_customers, owner
):
    run = reminders_send(today=TODAY)
    assert (run.created, run.customers, run.installers) == (3, 3, 1)
    emails = {i.customer.email for i in three_due_customers}
    assert sorted(_customer_mails()) == sorted(emails)
    (installer_mail,) = _installer_mails()
    assert owner.email in installer_mail.to
    assert "Bérénice" in installer_mail.body
    assert "/customer/reorder/" in mail.outbox[0].body

    again = reminders_send(today=TODAY)
    assert (again.created, again.customers, again.installers) == (0, 0, 0)
    assert len(_customer_mails()) == 3


@pytest.mark.django_db
def test_a_run_stopped_half_way_resumes_without_duplicates(
    three_due_customers, monkeypatch
):
    real_claim = reminder_service._claim
    calls = {"n": 0}

    def claim_then_crash(rows, field):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the worker is killed between two customers
        return real_claim(rows, field)

    monkeypatch.setattr(reminder_service, "_claim", claim_then_crash)
    with pytest.raises(KeyboardInterrupt):
        reminders_send(today=TODAY)
    assert len(_customer_mails()) == 1

    monkeypatch.setattr(reminder_service, "_claim", real_claim)
    reminders_send(today=TODAY)
    reminders_send(today=TODAY)
    sent = _customer_mails()
    assert len(sent) == 3 and len(set(sent)) == 3
    assert not MaintenanceReminder.objects.filter(customer_sent_at=None).exists()


@pytest.mark.django_db
def test_a_mail_server_failure_gives_the_reminder_back_for_the_next_run(
    three_due_customers, monkeypatch
):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", refuse)
        run = reminders_send(today=TODAY)
    assert (run.customers, run.failed) == (0, 3)
    assert not MaintenanceReminder.objects.exclude(customer_claimed_at=None).exists()

    assert reminders_send(today=TODAY).customers == 3
    assert len(_customer_mails()) == 3


@pytest.mark.django_db
def test_a_new_due_date_after_a_change_is_a_new_reminder(
    organisation, appliance, cartridge
):
    installation = InstallationFactory(
        organisation=organisation, appliance=appliance, installed_on=date(2026, 6, 10)
    )
    consumable = fitted(installation, cartridge)
    reminders_send(today=TODAY)
    consumable.last_changed_on = date(2026, 12, 5)
    consumable.next_due_on = date(2027, 6, 5)
    consumable.save()
    reminders_send(today=date(2027, 5, 20))
    assert len(_customer_mails()) == 2


@pytest.mark.django_db
def test_customers_who_did_not_agree_or_were_erased_get_nothing(
    organisation, appliance, cartridge
):
    refused = InstallationFactory(
        organisation=organisation,
        appliance=appliance,
        customer=CustomerFactory(shares_record=False),
        installed_on=date(2026, 6, 10),
    )
    fitted(refused, cartridge)
    assert reminders_send(today=TODAY).customers == 0
    assert mail.outbox == []
