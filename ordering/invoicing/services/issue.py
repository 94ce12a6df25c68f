"""Issuing invoices and credit notes, and what is received against them.

Every document takes its number in the transaction that creates it, from a
counter row locked for that transaction (``InvoiceSequence``): two issued at
once wait for each other, so numbers are never shared and never skipped.
What the document says is copied onto it then; it never changes afterwards.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.network.models import Organisation, OrganisationAddress, User
from ordering.catalogue.selectors import vat_by_rate
from ordering.errors import OrderingError
from ordering.invoicing.documents import Party
from ordering.invoicing.models import (
    ZERO,
    Invoice,
    InvoicedShipment,
    InvoiceLine,
    InvoiceSequence,
    InvoicingSettings,
    Payment,
    PaymentAllocation,
)
from ordering.invoicing.signals import document_issued
from ordering.orders.models import Order
from ordering.shipping.models import Shipment, ShipmentLine
from portal.money import money

PREFIXES = {Invoice.Kind.INVOICE: "F", Invoice.Kind.CREDIT_NOTE: "AV"}


class InvoicingError(OrderingError):
    pass


def invoice_due_date(*, issued: date, days: int, end_of_month: bool) -> date:
    """The due date of terms such as "30 days end of month": the issue date
    plus the days, then the last day of that month when so agreed."""
    due = issued + timedelta(days=days)
    if end_of_month:
        due = due.replace(day=calendar.monthrange(due.year, due.month)[1])
    return due


def invoice_number_take(*, kind: str, year: int) -> str:
    """The next number of the year for this kind: F-2026-000123, AV-2026-000004.

    Must run inside the transaction that saves the document: the counter row
    stays locked until it commits, and a rollback gives the number back.
    """
    sequence, _created = InvoiceSequence.objects.select_for_update().get_or_create(
        kind=kind, year=year
    )
    InvoiceSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    return f"{PREFIXES[kind]}-{year}-{sequence.last:06d}"


def _seller() -> dict:
    s = InvoicingSettings.load()
    return {
        **asdict(
            Party(
                name=s.legal_name,
                address_lines=tuple(
                    line for line in (s.address_line1, s.address_line2) if line
                ),
                postcode=s.postcode,
                city=s.city,
                country=s.country,
                siren=s.siren,
                siret=s.siret,
                vat_number=s.vat_number,
                email=s.email,
            )
        ),
        "legal_form": s.legal_form,
        "share_capital": s.share_capital,
        "registry": s.registry,
        "iban": s.iban,
        "bic": s.bic,
        "late_penalty_rate": str(s.late_penalty_rate),
        "recovery_fee": str(s.recovery_fee),
        "early_payment_discount": s.early_payment_discount,
    }


def _buyer(organisation: Organisation) -> dict:
    billing = (
        organisation.addresses.filter(kind=OrganisationAddress.Kind.BILLING).first()
        or organisation.addresses.first()
    )
    siren = organisation.legal_identifier[:9]
    party = Party(
        name=organisation.name,
        address_lines=tuple(line for line in (billing.line1, billing.line2) if line)
        if billing
        else (),
        postcode=billing.postcode if billing else "",
        city=billing.city if billing else "",
        country=billing.country if billing else "FR",
        siren=siren,
        siret=organisation.legal_identifier
        if len(organisation.legal_identifier) == 14
        else "",
        vat_number=organisation.vat_number,
        email=organisation.email,
    )
    return asdict(party)


def _delivery(order: Order) -> dict:
    return asdict(
        Party(
            name=order.delivery_name,
            address_lines=tuple(
                line for line in (order.delivery_line1, order.delivery_line2) if line
            ),
            postcode=order.delivery_postcode,
            city=order.delivery_city,
            country=order.delivery_country,
        )
    )


def issue_document(
    *,
    kind: str,
    organisation: Organisation,
    issued: date,
    lines: list[InvoiceLine],
    delivery: dict | None,
    delivery_date: date | None,
    order_references: Iterable[str],
    purchase_orders: Iterable[str],
    currency: str,
    by: User | None,
    **extra,
) -> Invoice:
    """Number, total and save a document with its lines (in the caller's
    transaction)."""
    total_excl_vat = sum((line.total_excl_vat for line in lines), ZERO)
    total_vat = sum(
        vat_by_rate((line.vat_rate, line.total_excl_vat) for line in lines).values(),
        ZERO,
    )
    invoice = Invoice(
        kind=kind,
        number=invoice_number_take(kind=kind, year=issued.year),
        organisation=organisation,
        issue_date=issued,
        currency=currency,
        seller=_seller(),
        buyer=_buyer(organisation),
        delivery=delivery,
        delivery_date=delivery_date,
        order_references=", ".join(dict.fromkeys(r for r in order_references if r)),
        purchase_order_reference=", ".join(
            dict.fromkeys(r for r in purchase_orders if r)
        )[:200],
        total_excl_vat=total_excl_vat,
        total_vat=total_vat,
        total_incl_vat=total_excl_vat + total_vat,
        created_by=by,
        **extra,
    )
    invoice.full_clean(exclude=["seller", "buyer", "delivery"])
    invoice.save()
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    document_issued.send(sender=Invoice, document=invoice)
    return invoice


def _lines_of(shipment_lines: Iterable[ShipmentLine]) -> list[InvoiceLine]:
    lines = []
    for shipped in shipment_lines:
        order_line = shipped.order_line
        lines.append(
            InvoiceLine(
                order_line=order_line,
                order_number=order_line.order.number or "",
                product_reference=order_line.product_reference,
                description=order_line.product_name,
                quantity=shipped.quantity,
                unit_price=order_line.unit_price,
                vat_rate=order_line.vat_rate,
                total_excl_vat=money(order_line.unit_price * shipped.quantity),
            )
        )
    return lines


@transaction.atomic
def invoice_issue_for_shipments(
    *,
    organisation: Organisation,
    shipments: list[Shipment],
    issued: date | None = None,
    by: User | None = None,
) -> Invoice:
    """One invoice for the goods of these shipments (of one organisation).

    A shipment already invoiced is refused: goods are billed once.
    """
    if not shipments:
        raise InvoicingError(_("There is nothing to invoice."))
    ids = [s.pk for s in shipments]
    if InvoicedShipment.objects.filter(shipment_id__in=ids).exists():
        raise InvoicingError(_("These goods are already invoiced."))
    shipped = list(
        ShipmentLine.objects.filter(shipment_id__in=ids)
        .select_related("order_line__order", "shipment")
        .order_by("shipment__shipped_at", "shipment_id", "id")
    )
    orders = list(dict.fromkeys(line.order_line.order for line in shipped))
    if any(order.organisation_id != organisation.pk for order in orders):
        raise InvoicingError(_("These shipments are not all this reseller's."))
    issued = issued or timezone.localdate()
    last = max(shipments, key=lambda s: s.shipped_at)
    invoice = issue_document(
        kind=Invoice.Kind.INVOICE,
        organisation=organisation,
        issued=issued,
        lines=_lines_of(shipped),
        delivery=_delivery(last.order),
        delivery_date=timezone.localdate(last.shipped_at),
        order_references=[order.number for order in orders],
        purchase_orders=[order.purchase_order_reference for order in orders],
        currency=orders[0].currency,
        by=by,
        due_date=invoice_due_date(
            issued=issued,
            days=organisation.payment_term_days,
            end_of_month=organisation.payment_term_end_of_month,
        ),
        payment_term_days=organisation.payment_term_days,
        payment_term_end_of_month=organisation.payment_term_end_of_month,
    )
    InvoicedShipment.objects.bulk_create(
        InvoicedShipment(shipment_id=pk, invoice=invoice) for pk in ids
    )
    return invoice


def invoice_issue_for_shipment(
    *, shipment: Shipment, by: User | None = None
) -> Invoice | None:
    """The invoice of one shipment, for a reseller invoiced per shipment.

    None for an end customer's order (their receipt is the order itself) and
    for a reseller on monthly invoicing (the month's invoice bills it). Paid
    at once when the order was paid by card.
    """
    organisation = shipment.order.organisation
    if (
        organisation is None
        or organisation.invoicing_mode != Organisation.InvoicingMode.PER_SHIPMENT
    ):
        return None
    # Dated the day the goods left: French law has the invoice issued with
    # the delivery (article 289 of the CGI).
    invoice = invoice_issue_for_shipments(
        organisation=organisation,
        shipments=[shipment],
        issued=timezone.localdate(shipment.shipped_at),
        by=by,
    )
    if shipment.order.payment_method == Order.PaymentMethod.CARD:
        invoice_mark_paid_by_card(invoice=invoice)
    return invoice


@transaction.atomic
def invoice_mark_paid_by_card(*, invoice: Invoice) -> None:
    """A card-paid order's invoice is paid when it is issued: a card payment
    row (referenced by the invoice's number) says so on the statement."""
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    due = locked.amount_due
    if due > ZERO:
        payment, created = Payment.objects.get_or_create(
            organisation_id=locked.organisation_id,
            method=Payment.Method.CARD,
            reference=locked.number,
            defaults={"received_on": locked.issue_date, "amount": due},
        )
        if created:
            PaymentAllocation.objects.create(
                payment=payment, invoice=locked, amount=due
            )
            Invoice.objects.filter(pk=locked.pk).update(
                amount_paid=F("amount_paid") + due
            )
    invoice.refresh_from_db(fields=["amount_paid"])


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def invoice_issue_monthly(*, month: date, by: User | None = None) -> list[Invoice]:
    """For each reseller on monthly invoicing, one invoice of the month's
    shipments not yet invoiced, dated the month's last day.

    Safe to run again: shipments already invoiced are left out, so a second
    run issues nothing.
    """
    first, last = month_bounds(month)
    shipments = (
        Shipment.objects.filter(
            order__organisation__invoicing_mode=Organisation.InvoicingMode.MONTHLY,
            shipped_at__date__gte=first,
            shipped_at__date__lte=last,
            invoicing__isnull=True,
        )
        .select_related("order__organisation")
        .order_by("order__organisation_id", "shipped_at")
    )
    by_organisation: dict[int, list[Shipment]] = defaultdict(list)
    for shipment in shipments:
        by_organisation[shipment.order.organisation_id].append(shipment)
    issued = []
    for group in by_organisation.values():
        organisation = group[0].order.organisation
        issued.append(
            invoice_issue_for_shipments(
                organisation=organisation, shipments=group, issued=last, by=by
            )
        )
    return issued
