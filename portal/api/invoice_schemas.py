"""What the invoices' and the statement's operations read and answer.

Amounts are decimal strings in the document's currency; a credit note's are
positive (its ``kind`` says it takes money back).
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from ordering.invoicing.listings import SEARCH_MAX_LENGTH
from ordering.invoicing.models import Invoice, Payment
from portal.api.schemas import Text

InvoiceKind = Literal[tuple(Invoice.Kind.values)]
InvoiceStatus = Literal[tuple(Invoice.Status.values)]


class InvoiceFilters(Schema):
    q: Text = Field(
        "",
        max_length=SEARCH_MAX_LENGTH,
        description=(
            "Invoice or credit note number, order number, or your purchase "
            "order reference."
        ),
    )
    status: InvoiceStatus | None = Field(
        None,
        description="due: not yet past its due date; overdue; paid; credit_note.",
    )
    issued_from: date | None = None
    issued_to: date | None = None
    organisation: Text | None = Field(
        None, max_length=80, description="Staff: one reseller's (slug)."
    )


class StatementFilters(Schema):
    organisation: Text | None = Field(
        None, max_length=80, description="Staff: the reseller (slug), required."
    )
    start: date | None = Field(None, description="Payments and credit notes from.")
    end: date | None = Field(None, description="…to (inclusive).")


class InvoiceSummaryOut(Schema):
    kind: InvoiceKind
    number: str
    status: InvoiceStatus
    status_label: str
    organisation: str = Field(description="The reseller's slug.")
    issue_date: date
    due_date: date | None = Field(description="Null for a credit note.")
    currency: str
    order_references: list[str]
    purchase_order_reference: str
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    amount_paid: Decimal
    amount_credited: Decimal
    amount_due: Decimal = Field(description="Left to pay; 0 for a credit note.")
    credited_invoice: str | None = Field(
        description="A credit note: the number of the invoice it credits."
    )


class PartyOut(Schema):
    name: str
    address_lines: list[str]
    postcode: str
    city: str
    country: str
    siren: str
    vat_number: str


class InvoiceLineOut(Schema):
    reference: str
    description: str
    order_number: str
    quantity: Decimal
    unit_price_excl_vat: Decimal
    vat_rate: Decimal = Field(description="Percent.")
    total_excl_vat: Decimal


class VatOut(Schema):
    rate: Decimal = Field(description="Percent.")
    category: str = Field(description="UNTDID 5305: S, Z, K, G…")
    taxable_amount: Decimal
    vat_amount: Decimal


class AllocationOut(Schema):
    received_on: date
    method: Literal[tuple(Payment.Method.values)]
    reference: str
    amount: Decimal = Field(description="The part set against this invoice.")


class CreditNoteRefOut(Schema):
    number: str
    issue_date: date
    total_incl_vat: Decimal


class InvoiceOut(InvoiceSummaryOut):
    payment_terms: str
    days_overdue: int
    buyer: PartyOut
    delivery: PartyOut | None
    reason: str = Field(description="A credit note: why it was issued.")
    lines: list[InvoiceLineOut]
    vat_breakdown: list[VatOut]
    payments: list[AllocationOut]
    credit_notes: list[CreditNoteRefOut] = Field(
        description="Credit notes issued against this invoice."
    )


class OpenInvoiceOut(Schema):
    number: str
    issue_date: date
    due_date: date | None
    days_overdue: int
    purchase_order_reference: str
    total_incl_vat: Decimal
    paid_or_credited: Decimal
    amount_due: Decimal


class PaymentAllocatedOut(Schema):
    invoice: str
    amount: Decimal


class PaymentReceivedOut(Schema):
    received_on: date
    method: Literal[tuple(Payment.Method.values)]
    reference: str
    amount: Decimal
    currency: str
    allocations: list[PaymentAllocatedOut]
    unallocated: Decimal


class StatementCreditNoteOut(Schema):
    number: str
    issue_date: date
    credited_invoice: str
    reason: str
    total_incl_vat: Decimal


class StatementOut(Schema):
    organisation: str = Field(description="The reseller's slug.")
    on: date
    start: date | None
    end: date | None
    balance: Decimal = Field(description="Owed today: the open invoices' sum.")
    overdue: Decimal = Field(description="The part of the balance past due.")
    invoiced: Decimal = Field(description="Invoiced over the period, incl. VAT.")
    received: Decimal = Field(description="Payments received over the period.")
    credited: Decimal = Field(description="Credit notes over the period.")
    unallocated: Decimal = Field(
        description="Received, not yet set against an invoice."
    )
    open_invoices: list[OpenInvoiceOut]
    payments: list[PaymentReceivedOut]
    credit_notes: list[StatementCreditNoteOut]
