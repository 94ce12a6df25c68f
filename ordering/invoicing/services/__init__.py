"""Issuing invoices and credit notes, and what is received against them."""

from ordering.invoicing.services.credit_notes import (
    credit_note_issue,
    credited_quantities,
)
from ordering.invoicing.services.issue import (
    InvoicingError,
    invoice_due_date,
    invoice_issue_for_shipment,
    invoice_issue_for_shipments,
    invoice_issue_monthly,
    invoice_mark_paid_by_card,
    invoice_number_take,
    issue_document,
    month_bounds,
)
from ordering.invoicing.services.payments import payment_record

__all__ = [
    "InvoicingError",
    "credit_note_issue",
    "credited_quantities",
    "invoice_due_date",
    "invoice_issue_for_shipment",
    "invoice_issue_for_shipments",
    "invoice_issue_monthly",
    "invoice_mark_paid_by_card",
    "invoice_number_take",
    "issue_document",
    "month_bounds",
    "payment_record",
]
