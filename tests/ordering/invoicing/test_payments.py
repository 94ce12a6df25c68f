"""Staff record bank transfers against invoices; a payment is recorded once."""

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone, translation

from accounts.customers.models import AuditEntry
from ordering.invoicing import services
from ordering.invoicing.models import Invoice, Payment, PaymentAllocation
from ordering.invoicing.selectors import balance_owed
from ordering.invoicing.services import InvoicingError, payment_record
from tests.concurrency import ON_POSTGRESQL, all_at_once
from tests.ordering.factories import ProductFactory
from tests.ordering.invoicing.factories import issued_invoice

D = Decimal


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _record(organisation, by, amount, reference="VIR-0001", allocations=None):
    return payment_record(
        organisation=organisation,
        amount=D(amount),
        received_on=timezone.localdate(),
        reference=reference,
        allocations=allocations,
        by=by,
    )


def _paid(invoice: Invoice) -> Decimal:
    invoice.refresh_from_db(fields=["amount_paid"])
    return invoice.amount_paid


def test_one_transfer_pays_two_invoices_in_part(organisation, manager):
    first = issued_invoice(organisation)  # 29.88 €
    second = issued_invoice(organisation)

    payment = _record(
        organisation,
        manager,
        "40.00",
        allocations={first.pk: D("29.88"), second.pk: D("10.12")},
    )

    assert (_paid(first), _paid(second)) == (D("29.88"), D("10.12"))
    assert first.status == Invoice.Status.PAID
    assert second.status == Invoice.Status.DUE
    assert second.amount_due == D("19.76")
    assert balance_owed(organisation) == D("19.76")
    assert {(a.invoice_id, a.amount) for a in payment.allocations.all()} == {
        (first.pk, D("29.88")),
        (second.pk, D("10.12")),
    }
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PAYMENT_RECORDED)
    assert entry.actor == manager
    assert "VIR-0001" in entry.subject
    assert first.number in entry.reason and second.number in entry.reason


def test_without_allocations_the_oldest_invoices_are_paid_first(organisation, manager):
    today = timezone.localdate()
    recent = issued_invoice(organisation, issued=today)
    oldest = issued_invoice(organisation, issued=today - timedelta(days=70))

    _record(organisation, manager, "35.00")

    assert _paid(oldest) == D("29.88")
    assert _paid(recent) == D("5.12")


def test_the_same_reference_is_never_recorded_twice(organisation, manager):
    invoice = issued_invoice(organisation)
    _record(organisation, manager, "10.00", allocations={invoice.pk: D("10.00")})

    with pytest.raises(InvoicingError, match="VIR-0001 is already recorded"):
        _record(organisation, manager, "10.00", allocations={invoice.pk: D("10.00")})

    assert Payment.objects.count() == 1
    assert _paid(invoice) == D("10.00")


@pytest.mark.parametrize(
    ("amount", "share", "message"),
    [
        ("0", None, "more than zero"),
        ("-5", None, "more than zero"),
        ("50.00", "30.00", "Only €29.88 is still due"),
        ("10.00", "20.00", "is allocated but the payment is only"),
    ],
)
def test_a_wrong_payment_is_refused_and_changes_nothing(
    organisation, manager, amount, share, message
):
    invoice = issued_invoice(organisation)
    allocations = {invoice.pk: D(share)} if share else None
    with pytest.raises(InvoicingError) as refused:
        _record(organisation, manager, amount, allocations=allocations)
    assert message in str(refused.value)
    assert not Payment.objects.exists()
    assert _paid(invoice) == D("0.00")


def test_another_resellers_invoice_and_a_credit_note_are_refused(
    organisation, other_organisation, manager
):
    theirs = issued_invoice(other_organisation)
    ours = issued_invoice(organisation)
    credit_note = services.credit_note_issue(
        invoice=ours, quantities=None, reason=Invoice.Reason.RETURN, by=manager
    )

    with pytest.raises(InvoicingError, match="not this reseller's"):
        _record(organisation, manager, "10.00", allocations={theirs.pk: D("10.00")})
    with pytest.raises(InvoicingError, match="is a credit note"):
        _record(
            organisation, manager, "10.00", allocations={credit_note.pk: D("10.00")}
        )

    assert not Payment.objects.exists()
    assert _paid(theirs) == D("0.00")


def test_a_card_paid_invoice_lists_its_card_payment(organisation):
    invoice = issued_invoice(organisation, [(ProductFactory(unit_price=D("10.00")), 2)])

    services.invoice_mark_paid_by_card(invoice=invoice)
    services.invoice_mark_paid_by_card(invoice=invoice)  # safe twice

    payment = Payment.objects.get()
    assert payment.method == Payment.Method.CARD
    assert payment.reference == invoice.number
    assert payment.amount == D("24.00")
    assert PaymentAllocation.objects.get().invoice == invoice
    assert invoice.status == Invoice.Status.PAID


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_staff_recording_the_same_transfer_at_once_record_it_once(
    migration_rows, organisation, manager
):
    invoice = issued_invoice(organisation)
    record = partial(
        _record, organisation, manager, "29.88", allocations={invoice.pk: D("29.88")}
    )
    results = all_at_once([record, record])

    assert sorted(type(r).__name__ for r in results) == ["InvoicingError", "Payment"]
    assert Payment.objects.count() == 1
    assert _paid(invoice) == D("29.88")
