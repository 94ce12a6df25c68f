"""Invoices and credit notes, their numbering, and the payments set against them."""

from ordering.invoicing.models.documents import (
    MOVING_FIELDS,
    Invoice,
    InvoicedShipment,
    InvoiceFrozenError,
    InvoiceLine,
    InvoiceQuerySet,
    InvoiceSequence,
    left_to_pay,
)
from ordering.invoicing.models.fields import ZERO
from ordering.invoicing.models.payments import (
    InvoiceReminder,
    Payment,
    PaymentAllocation,
)
from ordering.invoicing.models.settings import InvoicingSettings

__all__ = [
    "MOVING_FIELDS",
    "ZERO",
    "Invoice",
    "InvoiceFrozenError",
    "InvoiceLine",
    "InvoiceQuerySet",
    "InvoiceReminder",
    "InvoiceSequence",
    "InvoicedShipment",
    "InvoicingSettings",
    "Payment",
    "PaymentAllocation",
    "left_to_pay",
]
