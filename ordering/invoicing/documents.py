"""What an invoice or a credit note says, as plain frozen data.

``selectors.invoice_document`` reads an issued document into these classes;
the PDF, the Cross Industry Invoice XML (``facturx``), the statement and the
API all render from them, so every output shows the same figures and the same
legal mentions. Amounts are ``Decimal`` in ``currency``, rounded to the cent;
a credit note's amounts are positive (its kind says it takes money back).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Party:
    """A company or a person named on the document."""

    name: str
    address_lines: tuple[str, ...]  # street lines, without postcode and city
    postcode: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    siren: str = ""  # 9 digits; blank for a person or a foreign company
    siret: str = ""  # 14 digits when known
    vat_number: str = ""  # intra-community VAT number (FR12345678901)
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class Seller(Party):
    """Oxyplus: the mentions French law requires of the issuer."""

    legal_form: str  # "SAS"
    share_capital: str  # "1 000 000 €", as the registry writes it
    registry: str  # "RCS Lyon"
    iban: str = ""
    bic: str = ""
    late_penalty_rate: Decimal = Decimal("0")  # yearly, percent
    recovery_fee: Decimal = Decimal("40")  # fixed fee for professionals
    early_payment_discount: str = ""  # blank: "none"


@dataclass(frozen=True)
class DocumentLine:
    reference: str
    description: str
    quantity: Decimal
    unit_price: Decimal  # excluding VAT
    vat_rate: Decimal  # percent: 20.00, 5.50, 0.00
    total_excl_vat: Decimal  # quantity × unit price, rounded to the cent
    order_number: str = ""
    vat_category: str = "S"  # UNTDID 5305: S standard, Z zero, E exempt, K intra-EU


@dataclass(frozen=True)
class VatBreakdown:
    rate: Decimal
    category: str  # as DocumentLine.vat_category
    taxable_amount: Decimal
    vat_amount: Decimal
    exemption_reason: str = ""  # required by EN 16931 when category is E or K


@dataclass(frozen=True)
class Totals:
    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    kind: str  # "invoice" or "credit_note"
    number: str
    issue_date: date
    currency: str
    seller: Seller
    buyer: Party
    lines: tuple[DocumentLine, ...]
    vat_breakdown: tuple[VatBreakdown, ...]
    totals: Totals
    due_date: date | None
    payment_terms: str  # "30 jours fin de mois", in the document's language
    amount_paid: Decimal = Decimal("0")  # payments and credit notes so far
    delivery: Party | None = None
    delivery_date: date | None = None  # the (last) shipment's date
    order_references: tuple[str, ...] = ()
    purchase_order_reference: str = ""
    preceding_invoice_number: str = ""  # credit notes: the invoice credited
    preceding_invoice_date: date | None = None
    reason: str = ""  # credit notes: why
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == "credit_note"

    @property
    def amount_due(self) -> Decimal:
        return self.totals.incl_vat - self.amount_paid
