"""Who sees which invoices, and an issued document read for its outputs."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from accounts.network.models import User
from accounts.network.rights import active_organisation_of, may
from ordering.invoicing.documents import (
    DocumentLine,
    InvoiceDocument,
    Party,
    Seller,
    Totals,
    VatBreakdown,
)
from ordering.invoicing.models import Invoice, left_to_pay
from portal.money import money

# EU member states: a 0 % line to a business there is an intra-community
# supply (reverse charge, category K); elsewhere an export (G).
EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def invoices_visible_to(user: User | AnonymousUser) -> QuerySet[Invoice]:
    """Every organisation's invoices and credit notes for the call center and
    managers; their own organisation's for owners and buyers; none for
    technicians and customers."""
    if may(user, "invoices.view_network"):
        return Invoice.objects.all()
    if not may(user, "invoices.view_own"):
        return Invoice.objects.none()
    organisation = active_organisation_of(user)
    if organisation is None:
        return Invoice.objects.none()
    return Invoice.objects.filter(organisation=organisation)


def _party(data: dict) -> Party:
    return Party(**{**data, "address_lines": tuple(data.get("address_lines", ()))})


def _seller(data: dict) -> Seller:
    fields = {**data, "address_lines": tuple(data.get("address_lines", ()))}
    for name in ("late_penalty_rate", "recovery_fee"):
        fields[name] = Decimal(fields[name])
    return Seller(**fields)


def vat_category(*, rate: Decimal, buyer: Party, seller: Party) -> str:
    """UNTDID 5305: standard rate S; at 0 %, intra-community supply K to an
    EU business with a VAT number, export G outside the EU, else Z."""
    if rate > 0:
        return "S"
    if buyer.country != seller.country and buyer.country in EU and buyer.vat_number:
        return "K"
    if buyer.country not in EU:
        return "G"
    return "Z"


def _exemption(category: str) -> str:
    if category == "K":
        return _(
            "Intra-community supply exempt from VAT (article 262 ter I of the CGI)"
        )
    if category == "G":
        return _("Export outside the EU exempt from VAT (article 262 I of the CGI)")
    return ""


def invoice_document(invoice: Invoice, *, amount_paid: Decimal | None = None):
    """The issued document as ``InvoiceDocument``: what the PDF, the XML, the
    statement and the API show. One query for the lines (two for a credit
    note, which names the invoice it credits)."""
    seller = _seller(invoice.seller)
    buyer = _party(invoice.buyer)
    lines = []
    bases: dict[tuple[Decimal, str], Decimal] = {}
    for line in invoice.lines.all():
        category = vat_category(rate=line.vat_rate, buyer=buyer, seller=seller)
        lines.append(
            DocumentLine(
                reference=line.product_reference,
                description=line.description,
                quantity=Decimal(line.quantity),
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                total_excl_vat=line.total_excl_vat,
                order_number=line.order_number,
                vat_category=category,
            )
        )
        key = (line.vat_rate, category)
        bases[key] = bases.get(key, Decimal("0.00")) + line.total_excl_vat
    breakdown = tuple(
        VatBreakdown(
            rate=rate,
            category=category,
            taxable_amount=base,
            vat_amount=money(base * rate / 100),
            exemption_reason=_exemption(category),
        )
        for (rate, category), base in sorted(bases.items())
    )
    credited = invoice.credited_invoice if invoice.is_credit_note else None
    if amount_paid is None:
        amount_paid = Decimal("0.00") if credited else invoice.amount_paid
    return InvoiceDocument(
        kind=invoice.kind,
        number=invoice.number,
        issue_date=invoice.issue_date,
        currency=invoice.currency,
        seller=seller,
        buyer=buyer,
        lines=tuple(lines),
        vat_breakdown=breakdown,
        totals=Totals(
            excl_vat=invoice.total_excl_vat,
            vat=invoice.total_vat,
            incl_vat=invoice.total_incl_vat,
        ),
        due_date=invoice.due_date,
        payment_terms=str(invoice.payment_terms),
        amount_paid=amount_paid,
        delivery=_party(invoice.delivery) if invoice.delivery else None,
        delivery_date=invoice.delivery_date,
        order_references=tuple(r for r in invoice.order_references.split(", ") if r),
        purchase_order_reference=invoice.purchase_order_reference,
        preceding_invoice_number=credited.number if credited else "",
        preceding_invoice_date=credited.issue_date if credited else None,
        reason=_reason(invoice),
    )


def _reason(invoice: Invoice) -> str:
    if not invoice.reason:
        return ""
    label = str(Invoice.Reason(invoice.reason).label)
    return f"{label}: {invoice.reason_details}" if invoice.reason_details else label


def balance_owed(organisation) -> Decimal:
    """What the organisation owes now: its invoices less payments and credit
    notes set against them (one query)."""
    owed = (
        Invoice.objects.filter(organisation=organisation)
        .open()
        .aggregate(owed=Sum(left_to_pay()))["owed"]
    )
    return owed or Decimal("0.00")
