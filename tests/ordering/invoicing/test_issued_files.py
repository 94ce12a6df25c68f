"""An invoice issued from a real shipment and a credit note issued against it
come out as valid Factur-X files, with the order's figures to the cent."""

from decimal import Decimal
from io import BytesIO

import facturx
from lxml import etree
from pypdf import PdfReader

from ordering.invoicing import services
from ordering.invoicing.downloads import document_pdf, document_xml
from ordering.invoicing.models import Invoice
from ordering.invoicing.selectors import invoice_document
from tests.ordering.factories import ProductFactory
from tests.ordering.invoicing.factories import billing_address, issued_invoice

_UNECE = "urn:un:unece:uncefact:data:standard:"
NS = {
    "ram": _UNECE + "ReusableAggregateBusinessInformationEntity:100",
    "rsm": _UNECE + "CrossIndustryInvoice:100",
}


def _text(root, path: str) -> str:
    return root.xpath(f"string({path})", namespaces=NS)


def _amount(root, path: str) -> Decimal:
    return Decimal(_text(root, path))


def test_an_issued_invoice_and_its_credit_note_are_valid_facturx(organisation, manager):
    organisation.vat_number = "FR83404833048"
    organisation.save()
    billing_address(organisation)
    filter_ = ProductFactory(reference="FLT-9", unit_price=Decimal("24.90"))
    salt = ProductFactory(
        reference="SEL-25", unit_price=Decimal("7.15"), vat_rate=Decimal("5.50")
    )
    invoice = issued_invoice(
        organisation, [(filter_, 3), (salt, 7)], purchase_order_reference="BC-12"
    )
    order = invoice.lines.first().order_line.order

    xml = document_xml(invoice_document(invoice))
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    root = etree.fromstring(xml)
    totals = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    assert _amount(root, totals + "ram:TaxBasisTotalAmount") == order.total_excl_vat
    assert _amount(root, totals + "ram:TaxTotalAmount") == order.total_vat
    assert _amount(root, totals + "ram:GrandTotalAmount") == order.total_incl_vat
    assert (
        _text(root, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID")
        == "BC-12"
    )
    assert "FR83404833048" in xml.decode()

    pdf = document_pdf(invoice_document(invoice))
    _name, embedded = facturx.get_facturx_xml_from_pdf(pdf)
    assert embedded == xml
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert invoice.number in text and "BC-12" in text

    credit = services.credit_note_issue(
        invoice=invoice,
        quantities={invoice.lines.get(product_reference="SEL-25").pk: 2},
        reason=Invoice.Reason.RETURN,
        by=manager,
    )
    credit_xml = document_xml(invoice_document(credit))
    assert facturx.xml_check_xsd(credit_xml, flavor="factur-x", level="en16931")
    credit_root = etree.fromstring(credit_xml)
    assert _text(credit_root, "//rsm:ExchangedDocument/ram:TypeCode") == "381"
    assert invoice.number in credit_xml.decode()
    assert _amount(credit_root, totals + "ram:GrandTotalAmount") == Decimal("15.09")
