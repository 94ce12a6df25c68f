"""InvoiceDocument builders: an invoice or a credit note as the selector
would read it, its VAT breakdown and totals worked out from its lines."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from ordering.invoicing.documents import (
    DocumentLine,
    InvoiceDocument,
    Party,
    Seller,
    Totals,
    VatBreakdown,
)
from portal.money import money

SELLER = Seller(
    name="Oxyplus",
    address_lines=("14 avenue Jean Jaurès", "Bâtiment B"),
    postcode="69007",
    city="Lyon",
    country="FR",
    siren="512345678",
    siret="51234567800021",
    vat_number="FR41512345678",
    email="factures@oxyplus.example",
    legal_form="SAS",
    share_capital="1 000 000 €",
    registry="RCS Lyon",
    iban="FR76 3000 6000 0112 3456 7890 189",
    bic="AGRIFRPP",
    late_penalty_rate=Decimal("12.15"),
    recovery_fee=Decimal("40"),
)

FRENCH_BUYER = Party(
    name="Aqua Services Lyon",
    address_lines=("12 rue Garibaldi",),
    postcode="69003",
    city="Lyon",
    country="FR",
    siren="498765432",
    siret="49876543200017",
    vat_number="FR27498765432",
    email="compta@aqua-services.example",
)

FRENCH_SITE = Party(
    name="Aqua Services Villeurbanne",
    address_lines=("3 cours Émile Zola",),
    postcode="69100",
    city="Villeurbanne",
    country="FR",
)

GERMAN_BUYER = Party(
    name="Wassertechnik Berlin GmbH",
    address_lines=("Friedrichstraße 120",),
    postcode="10117",
    city="Berlin",
    country="DE",
    vat_number="DE287654321",
    email="buchhaltung@wassertechnik.example",
)

GERMAN_SITE = Party(
    name="Wassertechnik Berlin GmbH, Lager",
    address_lines=("Am Juliusturm 40",),
    postcode="13599",
    city="Berlin",
    country="DE",
)

REVERSE_CHARGE = (
    "Autoliquidation : livraison intracommunautaire exonérée (art. 262 ter I du CGI)"
)


def line(
    reference: str,
    description: str,
    quantity: str,
    unit_price: str,
    vat_rate: str = "20.00",
    *,
    vat_category: str = "S",
    order_number: str = "C-2026-0101",
) -> DocumentLine:
    return DocumentLine(
        reference=reference,
        description=description,
        quantity=Decimal(quantity),
        unit_price=Decimal(unit_price),
        vat_rate=Decimal(vat_rate),
        total_excl_vat=money(Decimal(quantity) * Decimal(unit_price)),
        order_number=order_number,
        vat_category=vat_category,
    )


def breakdown(
    lines: tuple[DocumentLine, ...], exemption_reason: str = ""
) -> tuple[VatBreakdown, ...]:
    """One row per rate and category, VAT rounded once per rate as EN 16931 does."""
    bases: dict[tuple[Decimal, str], Decimal] = defaultdict(Decimal)
    for document_line in lines:
        key = (document_line.vat_rate, document_line.vat_category)
        bases[key] += document_line.total_excl_vat
    return tuple(
        VatBreakdown(
            rate=rate,
            category=category,
            taxable_amount=base,
            vat_amount=money(base * rate / 100),
            exemption_reason=exemption_reason if category in ("E", "K") else "",
        )
        for (rate, category), base in sorted(bases.items(), reverse=True)
    )


def document(
    *lines: DocumentLine,
    kind: str = "invoice",
    number: str = "F2026-00042",
    buyer: Party = FRENCH_BUYER,
    delivery: Party | None = FRENCH_SITE,
    exemption_reason: str = "",
    seller: Seller = SELLER,
    **fields,
) -> InvoiceDocument:
    lines = lines or (line("FLT-200", "Cartouche filtrante 200 L", "3", "24.90"),)
    vat = breakdown(lines, exemption_reason)
    excl_vat = sum((row.taxable_amount for row in vat), Decimal(0))
    vat_total = sum((row.vat_amount for row in vat), Decimal(0))
    return InvoiceDocument(
        **{
            "kind": kind,
            "number": number,
            "issue_date": date(2026, 11, 30),
            "currency": "EUR",
            "seller": seller,
            "buyer": buyer,
            "lines": lines,
            "vat_breakdown": vat,
            "totals": Totals(
                excl_vat=excl_vat, vat=vat_total, incl_vat=excl_vat + vat_total
            ),
            "due_date": date(2026, 12, 31),
            "payment_terms": "30 jours fin de mois",
            "delivery": delivery,
            "delivery_date": date(2026, 11, 27),
            "order_references": ("C-2026-0101",),
            "purchase_order_reference": "BC-7731",
            **fields,
        }
    )


def one_rate_invoice() -> InvoiceDocument:
    return document()


def several_rates_invoice() -> InvoiceDocument:
    return document(
        line("FLT-200", "Cartouche filtrante 200 L", "3", "24.90"),
        line("UV-LAMP", "Lampe UV 40 W", "1", "89.00"),
        line("SEL-25", "Sel adoucisseur 25 kg", "4", "11.37", "5.50"),
        line("DOC-KIT", "Kit de désinfection", "2", "7.99", "5.50"),
    )


def credit_note() -> InvoiceDocument:
    return document(
        line("FLT-200", "Cartouche filtrante 200 L", "1", "24.90"),
        kind="credit_note",
        number="AV2026-00007",
        preceding_invoice_number="F2026-00042",
        preceding_invoice_date=date(2026, 11, 30),
        reason="Cartouche arrivée fendue",
        due_date=None,
        payment_terms="",
        issue_date=date(2026, 12, 4),
    )


def german_invoice() -> InvoiceDocument:
    return document(
        line("FLT-200", "Cartouche", "40", "24.90", "0.00", vat_category="K"),
        number="F2026-00043",
        buyer=GERMAN_BUYER,
        delivery=GERMAN_SITE,
        exemption_reason=REVERSE_CHARGE,
        purchase_order_reference="PO-DE-5521",
    )
