"""Money received: a bank transfer set against one or several invoices.

A payment is recorded once. Its reference is unique per organisation and
method (the database says so), and the invoices it pays are locked in id
order before anything is written: two staff typing the same transfer at
once wait for each other, and the second is refused by the constraint with
nothing changed. ``amount_paid`` only moves with ``F()`` updates.
"""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.customers.models import AuditEntry
from accounts.network.models import Organisation, User
from ordering.invoicing.models import ZERO, Invoice, Payment, PaymentAllocation
from ordering.invoicing.services.issue import InvoicingError
from portal.money import money, money_format


def _allocate_oldest_first(invoices: list[Invoice], amount: Decimal) -> dict:
    """The amount set against the oldest open invoices first (by due date)."""
    allocations: dict[int, Decimal] = {}
    left = amount
    for invoice in sorted(invoices, key=lambda i: (i.due_date or i.issue_date, i.pk)):
        if left <= ZERO:
            break
        share = min(left, invoice.amount_due)
        if share > ZERO:
            allocations[invoice.pk] = share
            left -= share
    return allocations


def _checked(
    *,
    organisation: Organisation,
    allocations: dict[int, Decimal],
    locked: dict[int, Invoice],
    amount: Decimal,
) -> dict[int, Decimal]:
    cleaned: dict[int, Decimal] = {}
    for pk, share in allocations.items():
        invoice = locked.get(pk)
        if invoice is None or invoice.organisation_id != organisation.pk:
            raise InvoicingError(_("That invoice is not this reseller's."))
        if invoice.is_credit_note:
            raise InvoicingError(
                _("%(number)s is a credit note: a payment pays invoices only.")
                % {"number": invoice.number}
            )
        share = money(Decimal(share))
        if share < ZERO:
            raise InvoicingError(_("An amount allocated cannot be negative."))
        if share == ZERO:
            continue
        if share > invoice.amount_due:
            raise InvoicingError(
                _("Only %(due)s is still due on %(number)s.")
                % {"due": money_format(invoice.amount_due), "number": invoice.number}
            )
        cleaned[pk] = share
    total = sum(cleaned.values(), ZERO)
    if total > amount:
        raise InvoicingError(
            _("%(allocated)s is allocated but the payment is only %(amount)s.")
            % {"allocated": money_format(total), "amount": money_format(amount)}
        )
    return cleaned


@transaction.atomic
def payment_record(
    *,
    organisation: Organisation,
    amount: Decimal,
    received_on: date,
    reference: str,
    allocations: dict[int, Decimal] | None = None,
    method: str = Payment.Method.TRANSFER,
    by: User | None,
) -> Payment:
    """Record money received from a reseller and set it against its invoices.

    ``allocations`` maps invoice ids to the amount each receives (partial
    payments allowed); None pays the oldest open invoices first. What is not
    allocated stays on the payment (the statement shows it). Refused, with
    nothing changed: a zero or negative amount, a reference already
    recorded, an allocation above an invoice's amount due, to another
    organisation's invoice or to a credit note, or more allocated than paid.
    """
    amount = money(Decimal(amount))
    reference = reference.strip()
    if amount <= ZERO:
        raise InvoicingError(_("The amount received must be more than zero."))
    if not reference:
        raise InvoicingError(_("Type the bank reference of the payment."))
    if method not in Payment.Method.values:
        raise InvoicingError(_("Choose how the payment was made."))
    # Locked in id order, as every payment does: no deadlock, and a second
    # payment of the same invoices waits here until the first is committed.
    if allocations is None:
        candidates = Invoice.objects.filter(organisation=organisation).open()
    else:
        candidates = Invoice.objects.filter(pk__in=list(allocations))
    locked = {
        invoice.pk: invoice for invoice in candidates.select_for_update().order_by("pk")
    }
    duplicate = _("Payment %(reference)s is already recorded.") % {
        "reference": reference
    }
    if Payment.objects.filter(
        organisation=organisation, method=method, reference=reference
    ).exists():
        raise InvoicingError(duplicate)
    if allocations is None:
        allocations = _allocate_oldest_first(list(locked.values()), amount)
    allocations = _checked(
        organisation=organisation,
        allocations=allocations,
        locked=locked,
        amount=amount,
    )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                organisation=organisation,
                method=method,
                received_on=received_on,
                amount=amount,
                reference=reference,
                recorded_by=by,
            )
    except IntegrityError as error:
        # A concurrent submission of the same transfer committed first.
        raise InvoicingError(duplicate) from error
    PaymentAllocation.objects.bulk_create(
        PaymentAllocation(payment=payment, invoice_id=pk, amount=share)
        for pk, share in allocations.items()
    )
    for pk, share in allocations.items():
        Invoice.objects.filter(pk=pk).update(amount_paid=F("amount_paid") + share)
    numbers = ", ".join(locked[pk].number for pk in allocations) or "—"
    AuditEntry.objects.create(
        action=AuditEntry.Action.PAYMENT_RECORDED,
        actor=by,
        subject=f"{organisation.name}: {reference}"[:200],
        reason=f"{money_format(amount)} → {numbers}",
    )
    return payment
