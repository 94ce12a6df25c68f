"""Credit notes: what an invoice billed, taken back by line and quantity."""

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.customers.models import AuditEntry
from accounts.network.models import User
from ordering.invoicing.models import Invoice, InvoiceLine
from ordering.invoicing.services.issue import InvoicingError, issue_document
from portal.money import money


def credited_quantities(invoice: Invoice) -> dict[int, int]:
    """Units of each of the invoice's lines already taken back by credit notes."""
    rows = (
        InvoiceLine.objects.filter(credited_line__invoice=invoice)
        .values("credited_line_id")
        .annotate(quantity=Sum("quantity"))
    )
    return {row["credited_line_id"]: row["quantity"] for row in rows}


@transaction.atomic
def credit_note_issue(
    *,
    invoice: Invoice,
    quantities: dict[int, int] | None,
    reason: str,
    details: str = "",
    by: User,
) -> Invoice:
    """A credit note taking back some of an invoice's lines (staff).

    ``quantities`` maps the invoice's line ids to units credited; None
    credits everything not credited yet. The invoice is not changed, only
    what it still asks (``amount_credited``); the reason goes to the audit
    log.
    """
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note:
        raise InvoicingError(_("A credit note cannot itself be credited."))
    if reason not in Invoice.Reason.values:
        raise InvoicingError(_("Choose why the credit note is issued."))
    details = details.strip()
    if reason == Invoice.Reason.GESTURE and not details:
        raise InvoicingError(_("Say what the commercial gesture is for."))
    done = credited_quantities(invoice)
    lines = {line.pk: line for line in invoice.lines.all()}
    left = {pk: line.quantity - done.get(pk, 0) for pk, line in lines.items()}
    if quantities is None:
        quantities = left
    quantities = {pk: q for pk, q in quantities.items() if q}
    if not quantities:
        raise InvoicingError(_("Choose at least one line and a quantity to credit."))
    credit_lines = []
    for pk, quantity in quantities.items():
        line = lines.get(pk)
        if line is None:
            raise InvoicingError(_("That line is not on this invoice."))
        if quantity < 0 or quantity > left[pk]:
            raise InvoicingError(
                _("Only %(left)s of %(reference)s may still be credited.")
                % {"left": left[pk], "reference": line.product_reference}
            )
        credit_lines.append(
            InvoiceLine(
                credited_line=line,
                order_line_id=line.order_line_id,
                order_number=line.order_number,
                product_reference=line.product_reference,
                description=line.description,
                quantity=quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                total_excl_vat=money(line.unit_price * quantity),
            )
        )
    credit_note = issue_document(
        kind=Invoice.Kind.CREDIT_NOTE,
        organisation=invoice.organisation,
        issued=timezone.localdate(),
        lines=credit_lines,
        delivery=invoice.delivery,
        delivery_date=invoice.delivery_date,
        order_references=invoice.order_references.split(", "),
        purchase_orders=[invoice.purchase_order_reference],
        currency=invoice.currency,
        by=by,
        credited_invoice=invoice,
        reason=reason,
        reason_details=details[:300],
        payment_term_days=0,
        payment_term_end_of_month=False,
    )
    Invoice.objects.filter(pk=invoice.pk).update(
        amount_credited=F("amount_credited") + credit_note.total_incl_vat
    )
    AuditEntry.objects.create(
        action=AuditEntry.Action.CREDIT_NOTE_ISSUED,
        actor=by,
        subject=f"{credit_note.number} → {invoice.number}",
        reason=f"{Invoice.Reason(reason).label}. {details}".strip(),
    )
    return credit_note
