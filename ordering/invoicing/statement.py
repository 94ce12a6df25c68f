"""The statement of account: what a reseller owes, invoice by invoice, and
what it paid and was credited.

Not the commission "statements" of ``ordering.orders`` (sales credited to a
reseller): this one is the reseller's account with Oxyplus.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils import timezone

from accounts.network.models import Organisation
from ordering.invoicing.models import ZERO, Invoice, Payment, PaymentAllocation
from portal.money import money


@dataclass(frozen=True)
class OpenInvoice:
    invoice: Invoice
    amount_due: Decimal
    days_overdue: int

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def settled(self) -> Decimal:
        """Paid or credited so far."""
        return self.invoice.amount_paid + self.invoice.amount_credited


@dataclass(frozen=True)
class ReceivedPayment:
    payment: Payment
    # The invoices it was set against, with the amount on each.
    allocations: list[PaymentAllocation]
    unallocated: Decimal


@dataclass(frozen=True)
class StatementOfAccount:
    organisation: Organisation
    on: date
    start: date | None
    end: date | None
    open_invoices: list[OpenInvoice]
    payments: list[ReceivedPayment]
    credit_notes: list[Invoice]
    # Over the period (all time without one): what was billed, received, credited.
    invoiced: Decimal
    received: Decimal
    credited: Decimal

    @property
    def balance(self) -> Decimal:
        """What is owed today: the open invoices' amounts due."""
        return sum((row.amount_due for row in self.open_invoices), ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum(
            (row.amount_due for row in self.open_invoices if row.is_overdue), ZERO
        )

    @property
    def unallocated(self) -> Decimal:
        """Money received not yet set against an invoice."""
        return sum((p.unallocated for p in self.payments), ZERO)


def _period(queryset, field: str, start: date | None, end: date | None):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def statement_of_account(
    *,
    organisation: Organisation,
    start: date | None = None,
    end: date | None = None,
    on: date | None = None,
) -> StatementOfAccount:
    """The organisation's account: every invoice still open today (whatever
    the period), the payments and credit notes of the period. Five queries,
    whatever the number of rows."""
    on = on or timezone.localdate()
    documents = Invoice.objects.filter(organisation=organisation)
    open_invoices = [
        OpenInvoice(
            invoice=invoice,
            amount_due=invoice.amount_due,
            days_overdue=invoice.days_overdue(on),
        )
        for invoice in documents.open().order_by("due_date", "issue_date", "number")
    ]
    payments = _period(
        Payment.objects.filter(organisation=organisation), "received_on", start, end
    ).prefetch_related(
        Prefetch(
            "allocations",
            queryset=PaymentAllocation.objects.select_related("invoice")
            .only("payment_id", "amount", "invoice__number", "invoice__issue_date")
            .order_by("invoice__issue_date", "invoice__number"),
        )
    )
    received = []
    for payment in payments.order_by("received_on", "pk"):
        allocations = list(payment.allocations.all())
        allocated = sum((a.amount for a in allocations), ZERO)
        received.append(
            ReceivedPayment(
                payment=payment,
                allocations=allocations,
                unallocated=max(payment.amount - allocated, ZERO),
            )
        )
    credit_notes = list(
        _period(documents.credit_notes(), "issue_date", start, end)
        .select_related("credited_invoice")
        .order_by("issue_date", "number")
    )
    invoiced = _period(documents.invoices(), "issue_date", start, end).aggregate(
        total=Sum("total_incl_vat")
    )["total"]
    return StatementOfAccount(
        organisation=organisation,
        on=on,
        start=start,
        end=end,
        open_invoices=open_invoices,
        payments=received,
        credit_notes=credit_notes,
        invoiced=money(Decimal(invoiced or ZERO)),
        received=sum((p.payment.amount for p in received), ZERO),
        credited=sum((c.total_incl_vat for c in credit_notes), ZERO),
    )
