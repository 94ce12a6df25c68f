"""Payment reminders: an e-mail for each overdue invoice at each step (due
date passed, 15 days late, 30 days late), never twice.

Each reminder is one ``InvoiceReminder`` row, unique per invoice and step,
written in the transaction that queues its e-mail (``on_commit``): the
e-mail leaves if and only if the row is committed. A second run, a run
after a crash or a second scheduler finds the row (or collides on it) and
sends nothing. Only the highest step an invoice has reached is sent: an
invoice found 40 days late and never reminded gets the 30-day reminder,
not three e-mails, and a step below one already sent is never sent.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.network.models import Role
from accounts.network.selectors import team_members
from ordering.invoicing.models import Invoice, InvoiceReminder, InvoicingSettings
from portal.emails import email_send_after_commit
from portal.money import money_format

Step = InvoiceReminder.Step
# Days overdue from which each step is due, highest first.
STEPS: list[tuple[str, int]] = [
    (Step.DAYS_30.value, 30),
    (Step.DAYS_15.value, 15),
    (Step.DUE.value, 1),
]
RANK = {step: len(STEPS) - index for index, (step, _days) in enumerate(STEPS)}


def reminder_step(days_overdue: int) -> str | None:
    """The highest step an invoice this many days late has reached."""
    for step, days in STEPS:
        if days_overdue >= days:
            return step
    return None


def _recipients(invoice: Invoice) -> list[str]:
    """The organisation's address and its owners'."""
    organisation = invoice.organisation
    emails = {organisation.email} if organisation.email else set()
    emails |= {
        m.user.email
        for m in team_members(organisation=organisation).filter(role=Role.OWNER)
    }
    emails.discard("")
    return sorted(emails)


def _context(invoice: Invoice, step: str, today: date, s: InvoicingSettings) -> dict:
    # Rendered by the worker from JSON: amounts and dates as text, in the
    # portal's language, as the maintenance reminders do.
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "number": invoice.number,
            "organisation": invoice.organisation.name,
            "issue_date": date_format(invoice.issue_date),
            "due_date": date_format(invoice.due_date),
            "days_overdue": invoice.days_overdue(today),
            "amount_due": money_format(invoice.amount_due, invoice.currency),
            "total": money_format(invoice.total_incl_vat, invoice.currency),
            "step": step,
            "accounts_phone": s.phone,
            "accounts_email": s.email,
            "iban": s.iban,
            "late_penalty_rate": str(s.late_penalty_rate),
            "recovery_fee": money_format(s.recovery_fee),
        }


def invoice_reminder_send(*, invoice: Invoice, step: str, today: date) -> bool:
    """Write the reminder row and queue its e-mail in one transaction; False
    when that step was already sent (by this run or another)."""
    recipients = _recipients(invoice)
    if not recipients:
        return False
    s = InvoicingSettings.load()
    try:
        with transaction.atomic():
            InvoiceReminder.objects.create(invoice=invoice, step=step)
            email_send_after_commit(
                template="invoicing/email/invoice_reminder",
                to=recipients,
                context=_context(invoice, step, today, s),
            )
    except IntegrityError:
        return False  # another run sent it
    return True


def invoice_reminders_send(*, today: date | None = None) -> int:
    """Remind each organisation of its overdue invoices, once per step;
    returns the number of e-mails queued. Safe to run twice."""
    today = today or timezone.localdate()
    overdue = (
        Invoice.objects.overdue(today)
        .select_related("organisation")
        .prefetch_related("reminders")
        .order_by("due_date", "pk")
    )
    sent = 0
    for invoice in overdue:
        step = reminder_step(invoice.days_overdue(today))
        if step is None:
            continue
        done = {RANK[r.step] for r in invoice.reminders.all()}
        if done and max(done) >= RANK[step]:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            sent += invoice_reminder_send(invoice=invoice, step=step, today=today)
    return sent
