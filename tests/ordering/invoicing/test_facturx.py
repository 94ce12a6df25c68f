"""Factur-X: the XML an approved platform reads, the PDF a person reads, and
the PDF/A-3 that carries both (issue 17, items 2 and 4)."""

from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import facturx
import pytest
from django.utils import translation
from django.utils.formats import date_format
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from ordering.invoicing.facturx import (
    NSMAP,
    facturx_pdf,
    invoice_pdf,
    invoice_xml,
    pdf_filename,
    xml_filename,
)
from portal.money import money_format
from portal.numbers import percent_format
from tests.ordering.invoicing.documents import (
    GERMAN_BUYER,
    REVERSE_CHARGE,
    SELLER,
    credit_note,
    document,
    german_invoice,
    line,
    one_rate_invoice,
    several_rates_invoice,
)

# The CII namespaces, as the schema declares them (the XSD test checks them).
NS = NSMAP
NOTES = "//rsm:ExchangedDocument/ram:IncludedNote"
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
SUMMATION = f"{SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
SELLER_PARTY = "//ram:SellerTradeParty"
BUYER_PARTY = "//ram:BuyerTradeParty"


def parsed(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def text_of(root: etree._Element, path: str) -> str:
    return root.xpath(f"string({path})", namespaces=NS)


def texts_of(root: etree._Element, path: str) -> list[str]:
    return [node.text for node in root.xpath(path, namespaces=NS)]


def pdf_text(pdf: bytes) -> str:
    """The PDF's words as a reader sees them; the no-break spaces French
    puts in amounts and dates come back as plain spaces."""
    reader = PdfReader(BytesIO(pdf))
    return plain("\n".join(page.extract_text() for page in reader.pages))


def plain(text: str) -> str:
    """``text`` with its no-break spaces and line breaks as single spaces."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.mark.parametrize(
    "build",
    [one_rate_invoice, several_rates_invoice, credit_note, german_invoice],
    ids=["one VAT rate", "20 % and 5.5 %", "credit note", "German buyer"],
)
def test_the_xml_passes_the_official_en16931_schema(build):
    assert facturx.xml_check_xsd(
        invoice_xml(build()), flavor="factur-x", level="en16931"
    )


def test_an_invoice_says_it_is_an_invoice_under_the_en16931_guideline():
    root = parsed(invoice_xml(one_rate_invoice()))

    assert text_of(root, "//rsm:ExchangedDocument/ram:ID") == "F2026-00042"
    assert text_of(root, "//rsm:ExchangedDocument/ram:TypeCode") == "380"
    assert (
        text_of(root, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")
        == "urn:cen.eu:en16931:2017"
    )
    assert (
        text_of(root, "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")
        == "20261130"
    )


def test_the_seller_and_buyer_are_identified_by_siren_and_vat_number():
    root = parsed(invoice_xml(one_rate_invoice()))

    for party, siren, vat in [
        (SELLER_PARTY, "512345678", "FR41512345678"),
        (BUYER_PARTY, "498765432", "FR27498765432"),
    ]:
        legal_id = root.xpath(
            f"{party}/ram:SpecifiedLegalOrganization/ram:ID", namespaces=NS
        )[0]
        assert (legal_id.text, legal_id.get("schemeID")) == (siren, "0002")
        tax_id = root.xpath(
            f"{party}/ram:SpecifiedTaxRegistration/ram:ID", namespaces=NS
        )[0]
        assert (tax_id.text, tax_id.get("schemeID")) == (vat, "VA")
    assert text_of(root, f"{SELLER_PARTY}/ram:PostalTradeAddress/ram:CityName") == (
        "Lyon"
    )


def test_the_xml_carries_the_references_the_delivery_and_the_payment():
    root = parsed(invoice_xml(one_rate_invoice()))

    assert (
        text_of(root, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID")
        == "BC-7731"
    )
    assert (
        text_of(root, "//ram:SellerOrderReferencedDocument/ram:IssuerAssignedID")
        == "C-2026-0101"
    )
    assert text_of(root, "//ram:ShipToTradeParty/ram:Name") == (
        "Aqua Services Villeurbanne"
    )
    delivered = "//ram:ActualDeliverySupplyChainEvent//udt:DateTimeString"
    assert text_of(root, delivered) == "20261127"
    assert text_of(root, "//ram:SpecifiedTradePaymentTerms/ram:Description") == (
        "30 jours fin de mois"
    )
    assert (
        text_of(root, "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/*")
        == "20261231"
    )
    means = "//ram:SpecifiedTradeSettlementPaymentMeans"
    assert text_of(root, f"{means}/ram:TypeCode") == "58"
    assert text_of(root, f"{means}//ram:IBANID") == "FR7630006000011234567890189"
    assert text_of(root, f"{means}//ram:BICID") == "AGRIFRPP"


def test_each_line_has_its_reference_price_quantity_rate_and_total():
    root = parsed(invoice_xml(several_rates_invoice()))
    items = root.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)

    salt = items[2]
    assert text_of(salt, ".//ram:SellerAssignedID") == "SEL-25"
    assert text_of(salt, ".//ram:SpecifiedTradeProduct/ram:Name") == (
        "Sel adoucisseur 25 kg"
    )
    assert text_of(salt, ".//ram:NetPriceProductTradePrice/ram:ChargeAmount") == (
        "11.37"
    )
    quantity = salt.xpath(".//ram:BilledQuantity", namespaces=NS)[0]
    assert (quantity.text, quantity.get("unitCode")) == ("4", "C62")
    assert text_of(salt, ".//ram:ApplicableTradeTax/ram:CategoryCode") == "S"
    assert text_of(salt, ".//ram:RateApplicablePercent") == "5.50"
    assert text_of(salt, ".//ram:LineTotalAmount") == "45.48"


def test_the_xml_totals_per_rate_and_grand_total_equal_the_documents():
    invoice = several_rates_invoice()
    root = parsed(invoice_xml(invoice))

    per_rate = {
        Decimal(text_of(tax, "ram:RateApplicablePercent")): (
            Decimal(text_of(tax, "ram:BasisAmount")),
            Decimal(text_of(tax, "ram:CalculatedAmount")),
        )
        for tax in root.xpath(f"{SETTLEMENT}/ram:ApplicableTradeTax", namespaces=NS)
    }
    assert per_rate == {
        row.rate: (row.taxable_amount, row.vat_amount) for row in invoice.vat_breakdown
    }
    assert per_rate[Decimal("5.50")] == (Decimal("61.46"), Decimal("3.38"))
    assert Decimal(text_of(root, f"{SUMMATION}/ram:TaxBasisTotalAmount")) == (
        invoice.totals.excl_vat
    )
    tax_total = root.xpath(f"{SUMMATION}/ram:TaxTotalAmount", namespaces=NS)[0]
    assert Decimal(tax_total.text) == invoice.totals.vat == Decimal("36.12")
    assert tax_total.get("currencyID") == "EUR"
    assert Decimal(text_of(root, f"{SUMMATION}/ram:GrandTotalAmount")) == (
        Decimal("261.28")
    )
    assert Decimal(text_of(root, f"{SUMMATION}/ram:LineTotalAmount")) == (
        Decimal("225.16")
    )


def test_what_is_already_paid_is_taken_off_the_amount_due():
    root = parsed(invoice_xml(document(amount_paid=Decimal("50.00"))))

    assert text_of(root, f"{SUMMATION}/ram:GrandTotalAmount") == "89.64"
    assert text_of(root, f"{SUMMATION}/ram:TotalPrepaidAmount") == "50.00"
    assert text_of(root, f"{SUMMATION}/ram:DuePayableAmount") == "39.64"


def test_an_invoice_paid_by_card_tells_the_platform_it_is_already_paid():
    mode = "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"
    on_account = parsed(invoice_xml(one_rate_invoice()))
    card_paid = parsed(invoice_xml(document(amount_paid=Decimal("89.64"))))

    assert text_of(on_account, mode) == "B1"
    assert text_of(card_paid, mode) == "B2"
    assert text_of(card_paid, f"{SUMMATION}/ram:DuePayableAmount") == "0.00"


def test_a_credit_note_is_type_381_and_refers_to_the_invoice_it_credits():
    root = parsed(invoice_xml(credit_note()))

    assert text_of(root, "//rsm:ExchangedDocument/ram:TypeCode") == "381"
    reference = f"{SETTLEMENT}/ram:InvoiceReferencedDocument"
    assert text_of(root, f"{reference}/ram:IssuerAssignedID") == "F2026-00042"
    assert text_of(root, f"{reference}//qdt:DateTimeString") == "20261130"
    assert "Cartouche arrivée fendue" in " ".join(
        texts_of(root, "//rsm:ExchangedDocument/ram:IncludedNote/ram:Content")
    )


def test_a_german_buyer_is_invoiced_under_reverse_charge():
    invoice = german_invoice()
    root = parsed(invoice_xml(invoice))

    assert texts_of(root, f"{BUYER_PARTY}/ram:SpecifiedLegalOrganization") == []
    assert text_of(root, f"{BUYER_PARTY}/ram:SpecifiedTaxRegistration/ram:ID") == (
        GERMAN_BUYER.vat_number
    )
    assert text_of(root, "//ram:ShipToTradeParty//ram:CountryID") == "DE"
    tax = root.xpath(f"{SETTLEMENT}/ram:ApplicableTradeTax", namespaces=NS)[0]
    assert text_of(tax, "ram:CategoryCode") == "K"
    assert text_of(tax, "ram:RateApplicablePercent") == "0.00"
    assert text_of(tax, "ram:ExemptionReason") == REVERSE_CHARGE
    assert text_of(tax, "ram:ExemptionReasonCode") == "VATEX-EU-IC"
    assert text_of(tax, "ram:CalculatedAmount") == "0.00"
    assert text_of(root, f"{SUMMATION}/ram:GrandTotalAmount") == "996.00"


def test_the_legal_mentions_are_notes_with_their_subject_codes():
    root = parsed(invoice_xml(one_rate_invoice()))
    notes = {
        text_of(note, "ram:SubjectCode"): plain(text_of(note, "ram:Content"))
        for note in root.xpath(NOTES, namespaces=NS)
    }

    assert "12,15 %" in notes["PMD"]
    assert "40 €" in notes["PMT"]
    assert "néant" in notes["AAB"]
    assert "1 000 000 €" in notes["REG"]
    assert "RCS Lyon 512345678" in notes["REG"]


def test_the_xml_carries_every_legal_mention():
    """Issue 17, item 2, in the order it lists them, as the XML says them."""
    invoice = several_rates_invoice()
    root = parsed(invoice_xml(invoice))
    address = "ram:PostalTradeAddress"
    expected = {
        # The seller: name, address, SIREN, SIRET, VAT number, capital.
        f"{SELLER_PARTY}/ram:Name": "Oxyplus",
        f"{SELLER_PARTY}/{address}/ram:LineOne": "14 avenue Jean Jaurès",
        f"{SELLER_PARTY}/{address}/ram:PostcodeCode": "69007",
        f"{SELLER_PARTY}/{address}/ram:CityName": "Lyon",
        f"{SELLER_PARTY}/ram:SpecifiedLegalOrganization/ram:ID": "512345678",
        f"{SELLER_PARTY}/ram:GlobalID[@schemeID='0009']": "51234567800021",
        f"{SELLER_PARTY}/ram:SpecifiedTaxRegistration/ram:ID": "FR41512345678",
        # The buyer: name, address, SIREN, VAT number.
        f"{BUYER_PARTY}/ram:Name": "Aqua Services Lyon",
        f"{BUYER_PARTY}/{address}/ram:LineOne": "12 rue Garibaldi",
        f"{BUYER_PARTY}/{address}/ram:PostcodeCode": "69003",
        f"{BUYER_PARTY}/{address}/ram:CityName": "Lyon",
        f"{BUYER_PARTY}/ram:SpecifiedLegalOrganization/ram:ID": "498765432",
        f"{BUYER_PARTY}/ram:SpecifiedTaxRegistration/ram:ID": "FR27498765432",
        # The delivery address.
        "//ram:ShipToTradeParty/ram:Name": "Aqua Services Villeurbanne",
        f"//ram:ShipToTradeParty/{address}/ram:LineOne": "3 cours Émile Zola",
        f"//ram:ShipToTradeParty/{address}/ram:PostcodeCode": "69100",
        f"//ram:ShipToTradeParty/{address}/ram:CityName": "Villeurbanne",
        # Date, number, order and purchase-order references.
        "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString": "20261130",
        "//rsm:ExchangedDocument/ram:ID": "F2026-00042",
        "//ram:SellerOrderReferencedDocument/ram:IssuerAssignedID": "C-2026-0101",
        "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID": "BC-7731",
        # Totals excluding and including VAT.
        f"{SUMMATION}/ram:TaxBasisTotalAmount": "225.16",
        f"{SUMMATION}/ram:TaxTotalAmount": "36.12",
        f"{SUMMATION}/ram:GrandTotalAmount": "261.28",
        # Payment due date and terms.
        "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/*": "20261231",
        "//ram:SpecifiedTradePaymentTerms/ram:Description": "30 jours fin de mois",
    }
    for path, value in expected.items():
        assert text_of(root, path) == value, path
    # Each line: reference, description, quantity, unit price excl. VAT, rate.
    items = root.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)
    assert len(items) == len(invoice.lines)
    for item, document_line in zip(items, invoice.lines, strict=True):
        assert text_of(item, ".//ram:SellerAssignedID") == document_line.reference
        assert text_of(item, ".//ram:SpecifiedTradeProduct/ram:Name") == (
            document_line.description
        )
        assert Decimal(text_of(item, ".//ram:BilledQuantity")) == (
            document_line.quantity
        )
        assert Decimal(text_of(item, ".//ram:ChargeAmount")) == (
            document_line.unit_price
        )
        assert Decimal(text_of(item, ".//ram:RateApplicablePercent")) == (
            document_line.vat_rate
        )
    # Totals per rate.
    per_rate = {
        text_of(tax, "ram:RateApplicablePercent"): (
            text_of(tax, "ram:BasisAmount"),
            text_of(tax, "ram:CalculatedAmount"),
        )
        for tax in root.xpath(f"{SETTLEMENT}/ram:ApplicableTradeTax", namespaces=NS)
    }
    assert per_rate == {"20.00": ("163.70", "32.74"), "5.50": ("61.46", "3.38")}
    # Capital, penalty rate, the 40 € fee, early-payment discount: the notes.
    notes = {
        text_of(note, "ram:SubjectCode"): plain(text_of(note, "ram:Content"))
        for note in root.xpath(NOTES, namespaces=NS)
    }
    assert notes == {
        "REG": "Oxyplus, SAS au capital de 1 000 000 €, RCS Lyon 512345678",
        "PMD": "Pénalités de retard : taux annuel de 12,15 %, exigibles dès le "
        "lendemain de la date d’échéance.",
        "PMT": "Indemnité forfaitaire pour frais de recouvrement, due par le "
        "client professionnel en cas de retard de paiement : 40 €.",
        "AAB": "Escompte pour paiement anticipé : néant.",
    }


@pytest.mark.parametrize(
    ("build", "title"),
    [
        (several_rates_invoice, "Facture n° F2026-00042"),
        (credit_note, "Avoir n° AV2026-00007"),
    ],
    ids=["invoice", "credit note"],
)
def test_the_factur_x_pdf_carries_the_xml_and_the_pdfa3_metadata(build, title):
    document = build()
    pdf = facturx_pdf(document)

    filename, xml = facturx.get_facturx_xml_from_pdf(pdf)
    assert filename == "factur-x.xml"
    assert xml == invoice_xml(document)
    reader = PdfReader(BytesIO(pdf))
    xmp = etree.fromstring(reader.xmp_metadata.stream.get_data())
    xmp_ns = {
        "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
        "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
    }
    assert {
        name: xmp.xpath(f"string(//{name})", namespaces=xmp_ns)
        for name in (
            "pdfaid:part",
            "pdfaid:conformance",
            "fx:DocumentFileName",
            "fx:DocumentType",
            "fx:Version",
            "fx:ConformanceLevel",
        )
    } == {
        "pdfaid:part": "3",
        "pdfaid:conformance": "B",
        "fx:DocumentFileName": "factur-x.xml",
        "fx:DocumentType": "INVOICE",  # credit notes too, as Factur-X says
        "fx:Version": "1.0",
        "fx:ConformanceLevel": "EN 16931",
    }
    # PDF/A-3 names the embedded file among the document's associated files.
    (associated,) = reader.trailer["/Root"]["/AF"]
    assert associated.get_object()["/F"] == "factur-x.xml"
    assert associated.get_object()["/AFRelationship"] == "/Data"
    assert title in pdf_text(pdf)


def test_the_factur_x_pdf_embeds_its_fonts_and_declares_its_colours():
    """Two PDF/A rules a validator checks first: a font a reader may not
    have is inside the file, and RGB colours name their profile."""
    reader = PdfReader(BytesIO(facturx_pdf(one_rate_invoice())))

    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1"
    # Read without resolving it: PDF wants the ICC profile stream indirect.
    profile = dict.__getitem__(intent.get_object(), "/DestOutputProfile")
    assert isinstance(profile, IndirectObject)
    assert profile.get_object()["/N"] == 3
    fonts = [
        font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()
    ]
    embedded = [
        font["/BaseFont"]
        for font in fonts
        if "/FontFile2" in font.get("/FontDescriptor", {})
    ]
    assert any(name.endswith("VeraSans-Roman") for name in embedded)
    assert any(name.endswith("VeraSans-Bold") for name in embedded)


def test_the_pdf_shows_every_legal_mention():
    invoice = several_rates_invoice()
    text = pdf_text(invoice_pdf(invoice))

    seller_mentions = [
        "Oxyplus",
        "SAS",
        "1 000 000 €",
        "RCS Lyon",
        "14 avenue Jean Jaurès",
        "69007 Lyon",
        "SIREN 512345678",
        "SIRET 51234567800021",
        "N° de TVA intracommunautaire FR41512345678",
    ]
    buyer_mentions = [
        "Aqua Services Lyon",
        "12 rue Garibaldi",
        "69003 Lyon",
        "SIREN 498765432",
        "N° de TVA intracommunautaire FR27498765432",
    ]
    delivery_mentions = [
        "Adresse de livraison Aqua Services Villeurbanne",
        "3 cours Émile Zola",
        "69100 Villeurbanne",
    ]
    references = [
        "Facture n° F2026-00042",
        "Date d’émission : 30 novembre 2026",
        "Commande : C-2026-0101",
        "Votre bon de commande : BC-7731",
    ]
    for mention in seller_mentions + buyer_mentions + delivery_mentions + references:
        assert mention in text, mention
    # Each line in one row: reference, description, quantity, unit price
    # excluding VAT, VAT rate, total excluding VAT.
    for document_line in invoice.lines:
        row = " ".join(
            [
                document_line.reference,
                document_line.description,
                str(int(document_line.quantity)),
                money_format(document_line.unit_price),
                percent_format(document_line.vat_rate),
                money_format(document_line.total_excl_vat),
            ]
        )
        assert plain(row) in text, row
    for row in invoice.vat_breakdown:  # rate, base excl. VAT, VAT, in one row
        vat_row = " ".join(
            [
                percent_format(row.rate),
                money_format(row.taxable_amount),
                money_format(row.vat_amount),
            ]
        )
        assert plain(vat_row) in text, vat_row
    assert "Total HT 225,16 €" in text
    assert "TVA 36,12 €" in text
    assert "Total TTC 261,28 €" in text
    assert "Date d’échéance : 31 décembre 2026" in text
    assert "30 jours fin de mois" in text
    assert "Pénalités de retard : taux annuel de 12,15 %" in text
    assert (
        "Indemnité forfaitaire pour frais de recouvrement, due par le client "
        "professionnel en cas de retard de paiement : 40 €." in text
    )
    assert "Escompte pour paiement anticipé : néant" in text


def test_a_sellers_early_payment_discount_replaces_none():
    seller = replace(SELLER, early_payment_discount="2 % sous 10 jours")
    text = pdf_text(invoice_pdf(document(seller=seller)))

    assert "Escompte pour paiement anticipé : 2 % sous 10 jours" in text
    assert "néant" not in text


def test_a_foreign_buyers_pdf_shows_the_country_and_the_reverse_charge():
    text = pdf_text(invoice_pdf(german_invoice()))

    assert "10117 Berlin Allemagne" in text
    assert "DE287654321" in text
    assert "Autoliquidation" in text
    assert "0 %" in text


def test_a_credit_note_pdf_names_the_invoice_it_credits_and_why():
    text = pdf_text(invoice_pdf(credit_note()))

    assert "Avoir n° AV2026-00007" in text
    assert "Avoir sur la facture n° F2026-00042 du 30 novembre 2026" in text
    assert "Cartouche arrivée fendue" in text
    assert "Facture n°" not in text


def test_the_english_rendering_uses_english_words():
    with translation.override("en"):
        invoice_text = pdf_text(invoice_pdf(one_rate_invoice()))
        credit_text = pdf_text(invoice_pdf(credit_note()))
        due = date_format(one_rate_invoice().due_date)

    assert "Invoice no. F2026-00042" in invoice_text
    assert f"Due date: {due}" in invoice_text
    assert "31 December 2026" in invoice_text
    assert "Early-payment discount: none" in invoice_text
    assert "€40" in invoice_text
    assert "€89.64" in invoice_text
    assert "Facture" not in invoice_text
    assert "Credit note on invoice no. F2026-00042 of 30 November 2026" in credit_text


def test_the_files_are_named_after_the_document_number():
    assert pdf_filename(one_rate_invoice()) == "F2026-00042.pdf"
    assert xml_filename(credit_note()) == "AV2026-00007.xml"


def test_a_monthly_invoice_names_each_lines_order():
    invoice = document(
        line("FLT-200", "Cartouche", "1", "24.90", order_number="C-2026-0101"),
        line("UV-LAMP", "Lampe UV", "1", "89.00", order_number="C-2026-0117"),
        order_references=("C-2026-0101", "C-2026-0117"),
    )

    root = parsed(invoice_xml(invoice))
    assert (
        text_of(root, "//ram:SellerOrderReferencedDocument/ram:IssuerAssignedID")
        == "C-2026-0101, C-2026-0117"
    )
    assert (
        "C-2026-0117"
        in texts_of(root, "//ram:IncludedSupplyChainTradeLineItem[2]//ram:Content")[0]
    )
    text = pdf_text(invoice_pdf(invoice))
    assert "Commandes : C-2026-0101, C-2026-0117" in text
