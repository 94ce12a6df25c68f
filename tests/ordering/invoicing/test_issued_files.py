"""An invoice issued from a real shipment and a credit note issued against it
come out as valid Factur-X files, with the order's figures to the cent."""

from decimal import Decimal
from io import BytesIO

import facturx
from lxml import etree
from pypdf import PdfReader

from ordering.invoicing import services
from ordering.invoicing.downloads import document_pdf, document_xml
from ordering.invoicing.models import Invoice, InvoicingSettings
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


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def test_an_issued_invoice_says_the_sellers_mentions_of_the_settings(organisation):
    """The seller's mentions come from the Wagtail settings model, not from
    code: new values there show on the next invoice, in the PDF and the XML."""
    settings = InvoicingSettings.load()
    settings.legal_name = "Oxyplus Eaux"
    settings.share_capital = "2 500 000 €"
    settings.registry = "RCS Villeurbanne"
    settings.siren = "798765432"
    settings.siret = "79876543200027"
    settings.vat_number = "FR12798765432"
    settings.address_line1 = "8 rue des Tanneurs"
    settings.postcode = "69100"
    settings.city = "Villeurbanne"
    settings.late_penalty_rate = Decimal("13.75")
    settings.early_payment_discount = "1 % sous 8 jours"
    settings.save()
    organisation.vat_number = "FR83404833048"
    organisation.save()
    billing_address(organisation)
    invoice = issued_invoice(organisation, purchase_order_reference="BC-77")

    document = invoice_document(invoice)
    text = _plain(
        "".join(
            page.extract_text()
            for page in PdfReader(BytesIO(document_pdf(document))).pages
        )
    )
    for mention in [
        "Oxyplus Eaux, SAS au capital de 2 500 000 €, RCS Villeurbanne 798765432",
        "8 rue des Tanneurs",
        "69100 Villeurbanne",
        "SIREN 798765432 · SIRET 79876543200027",
        "N° de TVA intracommunautaire FR12798765432",
        organisation.name,
        "3 quai Saint-Vincent",
        f"SIREN {organisation.legal_identifier[:9]}",
        "N° de TVA intracommunautaire FR83404833048",
        f"Facture n° {invoice.number}",
        "BC-77",
        "Pénalités de retard : taux annuel de 13,75 %",
        "en cas de retard de paiement : 40 €.",
        "Escompte pour paiement anticipé : 1 % sous 8 jours.",
    ]:
        assert mention in text, mention
    root = etree.fromstring(document_xml(document))
    seller = "//ram:SellerTradeParty/"
    assert _text(root, seller + "ram:Name") == "Oxyplus Eaux"
    assert _text(root, seller + "ram:SpecifiedLegalOrganization/ram:ID") == (
        "798765432"
    )
    assert _text(root, seller + "ram:SpecifiedTaxRegistration/ram:ID") == (
        "FR12798765432"
    )


def test_the_default_registry_names_the_siren_once(organisation):
    billing_address(organisation)
    document = invoice_document(issued_invoice(organisation))
    text = _plain(
        "".join(
            page.extract_text()
            for page in PdfReader(BytesIO(document_pdf(document))).pages
        )
    )
    # The settings' registry is the town's: the SIREN follows it, once.
    assert "Oxyplus, SAS au capital de 1 000 000 €, RCS Lyon 512345678 " in text
    assert "512 345 678" not in text
