"""Overdue invoices are reminded by e-mail at the due date, +15 and +30 days,
each step once, whatever the number of runs."""

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.core import mail
from django.utils import translation

from accounts.network.models import Role
from ordering.invoicing import tasks
from ordering.invoicing.models import InvoiceReminder
from ordering.invoicing.services import payment_record
from ordering.invoicing.services.reminders import invoice_reminders_send
from portal.schedule import JOBS
from tests.accounts.factories import MembershipFactory
from tests.concurrency import ON_POSTGRESQL, all_at_once
from tests.ordering.invoicing.factories import issued_invoice


@pytest.fixture
def reseller(organisation):
    organisation.email = "compta@aqua-lyon.example"
    organisation.save()
    return organisation


@pytest.fixture
def owner_email(reseller):
    return MembershipFactory(organisation=reseller, role=Role.OWNER).user.email


def _run(today, capture) -> int:
    with capture(execute=True):
        return invoice_reminders_send(today=today)


def _steps(invoice) -> list[str]:
    return sorted(invoice.reminders.values_list("step", flat=True))


def test_each_step_is_sent_once_across_runs_and_days(
    reseller, owner_email, buyer, django_capture_on_commit_callbacks
):
    invoice = issued_invoice(reseller)
    due = invoice.due_date

    assert _run(due, django_capture_on_commit_callbacks) == 0  # not late yet
    assert _run(due + timedelta(days=1), django_capture_on_commit_callbacks) == 1
    assert _run(due + timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert _run(due + timedelta(days=14), django_capture_on_commit_callbacks) == 0
    assert _run(due + timedelta(days=15), django_capture_on_commit_callbacks) == 1
    assert _run(due + timedelta(days=20), django_capture_on_commit_callbacks) == 0
    assert _run(due + timedelta(days=30), django_capture_on_commit_callbacks) == 1
    assert _run(due + timedelta(days=45), django_capture_on_commit_callbacks) == 0

    assert _steps(invoice) == ["15", "30", "due"]
    assert len(mail.outbox) == 3
    first = mail.outbox[0]
    # The organisation's address and its owners', not its buyers'.
    assert sorted(first.to) == sorted([reseller.email, owner_email])
    assert buyer.email not in first.to
    assert invoice.number in first.subject
    # In French, the portal's language, with the amount due and whom to call.
    assert "29,88" in first.body
    assert "04 72 00 00 00" in first.body
    assert "30 days" in mail.outbox[2].subject or "30 jours" in mail.outbox[2].subject


def test_an_invoice_found_forty_days_late_gets_only_the_last_step(
    reseller, django_capture_on_commit_callbacks
):
    invoice = issued_invoice(reseller)

    sent = _run(
        invoice.due_date + timedelta(days=40), django_capture_on_commit_callbacks
    )

    assert sent == 1
    assert _steps(invoice) == ["30"]
    assert len(mail.outbox) == 1


def test_a_paid_invoice_gets_no_reminder(
    reseller, manager, django_capture_on_commit_callbacks
):
    invoice = issued_invoice(reseller)
    payment_record(
        organisation=reseller,
        amount=Decimal("29.88"),
        received_on=invoice.issue_date,
        reference="VIR-1",
        by=manager,
    )

    assert (
        _run(invoice.due_date + timedelta(days=31), django_capture_on_commit_callbacks)
        == 0
    )
    assert not InvoiceReminder.objects.exists()
    assert mail.outbox == []


def test_a_reminder_already_written_is_not_sent_again(
    reseller, django_capture_on_commit_callbacks
):
    """What a crashed run or another scheduler wrote counts as sent."""
    invoice = issued_invoice(reseller)
    InvoiceReminder.objects.create(invoice=invoice, step=InvoiceReminder.Step.DUE)

    assert (
        _run(invoice.due_date + timedelta(days=3), django_capture_on_commit_callbacks)
        == 0
    )
    assert mail.outbox == []


def test_the_job_runs_every_morning():
    job = next(j for j in JOBS if j.name == "invoice-reminders")
    assert job.task == "ordering.invoicing.tasks.invoice_reminders_send"
    assert job.cron == "10 8 * * *"
    assert tasks.invoice_reminders_send.func is not None


def test_the_reminder_reads_in_english_when_the_portal_does(
    reseller, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    invoice = issued_invoice(reseller)
    with translation.override("en"):
        _run(invoice.due_date + timedelta(days=16), django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject.endswith(
        f"Reminder: invoice {invoice.number} is 16 days overdue"
    )
    assert "€29.88 of it is still unpaid" in message.body


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_one_reminder(reseller):
    invoice = issued_invoice(reseller)
    send = partial(invoice_reminders_send, today=invoice.due_date + timedelta(days=2))
    counts = all_at_once([send, send])

    assert sorted(counts) == [0, 1]
    assert InvoiceReminder.objects.count() == 1
    assert len(mail.outbox) == 1
