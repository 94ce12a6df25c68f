"""A reseller's account with Oxyplus for the invoices tab's tests: invoices
issued by the real services, transfers received and set against them, a
credit note."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from accounts.network.models import Organisation, User
from ordering.invoicing import services
from ordering.invoicing.models import Invoice, Payment
from ordering.invoicing.services.payments import payment_record
from tests.ordering.factories import ProductFactory
from tests.ordering.invoicing.factories import issued_invoice

_references = count(1)


def payment_received(
    organisation: Organisation,
    allocations: list[tuple[Invoice, Decimal]],
    *,
    received_on: date | None = None,
    unallocated: Decimal = Decimal("0.00"),
    reference: str = "",
) -> Payment:
    """A bank transfer set against invoices, as the staff's payment screen
    records it (``payment_record``)."""
    payment = payment_record(
        organisation=organisation,
        amount=sum((amount for _invoice, amount in allocations), unallocated),
        received_on=received_on or timezone.localdate(),
        reference=reference or f"VIR-{next(_references):05d}",
        allocations={invoice.pk: amount for invoice, amount in allocations},
        by=None,
    )
    for invoice, _amount in allocations:
        invoice.refresh_from_db(fields=["amount_paid"])
    return payment


@dataclass
class Account:
    due: Invoice  # issued today, not due yet (29,88 €)
    overdue: Invoice  # issued 90 days ago, nothing paid (29,88 €)
    paid: Invoice  # issued 60 days ago, paid in full by transfer
    partly: Invoice  # 2 × 50 € + VAT, 20 € received, one unit credited
    credit_note: Invoice  # takes one unit of ``partly`` back
    transfer: Payment  # paid ``paid`` and 20 € of ``partly``


def account(organisation: Organisation, *, by: User, prefix: str = "A") -> Account:
    today = timezone.localdate()
    due = issued_invoice(organisation, issued=today, purchase_order_reference="BC-DUE")
    overdue = issued_invoice(
        organisation,
        issued=today - timedelta(days=90),
        purchase_order_reference=f"BC-{prefix}-LATE",
    )
    paid = issued_invoice(organisation, issued=today - timedelta(days=60))
    partly = issued_invoice(
        organisation,
        [(ProductFactory(unit_price=Decimal("50.00"), reference=f"LMP-{prefix}"), 2)],
        issued=today - timedelta(days=10),
    )
    transfer = payment_received(
        organisation,
        [(paid, paid.total_incl_vat), (partly, Decimal("20.00"))],
        received_on=today - timedelta(days=5),
        reference=f"VIR-{prefix}-0042",
    )
    credit_note = services.credit_note_issue(
        invoice=partly,
        quantities={partly.lines.get().pk: 1},
        reason=Invoice.Reason.RETURN,
        by=by,
    )
    for invoice in (due, overdue, paid, partly):
        invoice.refresh_from_db()
    return Account(due, overdue, paid, partly, credit_note, transfer)
