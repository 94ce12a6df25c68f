"""Invoicing's periodic work (portal.schedule.JOBS)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from ordering.invoicing.services import invoice_issue_monthly, reminders, transmission


@task()
def monthly_invoices_issue() -> int:
    """The previous month's invoice of every reseller on monthly invoicing.

    Safe to run twice: what is invoiced is not invoiced again.
    """
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    return len(invoice_issue_monthly(month=last_month))


@task()
def invoice_reminders_send() -> int:
    """E-mail today's payment reminders (due, +15 days, +30 days).

    Safe to run twice: a step already sent is never sent again.
    """
    return reminders.invoice_reminders_send()


@task()
def invoice_transmit(invoice_id: int) -> str:
    """Send an issued document to the e-invoicing platform (queued when it is
    issued). Safe to run twice: a document is transmitted once."""
    return transmission.invoice_transmit(invoice_id=invoice_id)
