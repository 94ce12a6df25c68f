"""The document as a PDF a person reads, drawn from a print template with
xhtml2pdf, and made ready to be a PDF/A."""

from dataclasses import replace
from io import BytesIO
from pathlib import Path

import reportlab
from babel import Locale
from django.template.loader import render_to_string
from django.utils.translation import get_language, to_locale
from PIL import ImageCms
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from xhtml2pdf.config.resources import default_policy, use_policy

from ordering.invoicing.documents import InvoiceDocument, Party
from ordering.invoicing.rendering.mentions import (
    document_title,
    early_payment_mention,
    late_penalty_mention,
    recovery_fee_mention,
    seller_legal_identity,
)
from pages.pdf import html_to_pdf

TEMPLATE = "invoicing/invoice_document.html"
# PDF/A wants every font embedded, so the PDF draws with a TrueType font
# instead of the printer's Helvetica: Bitstream Vera, which ReportLab (under
# xhtml2pdf) ships, covers French (é, œ, ’, €).
FONTS = Path(reportlab.__file__).parent / "fonts"


def country_name(party: Party | None, *, home: str) -> str:
    """The party's country in the active language ("Allemagne"), or nothing
    when it is ``home``, the seller's own country, as a letter would write it."""
    if party is None or party.country == home:
        return ""
    territories = Locale.parse(to_locale(get_language() or "fr")).territories
    return territories.get(party.country, party.country)


def invoice_html(document: InvoiceDocument) -> str:
    """The print template filled in, in the active language."""
    seller = document.seller
    home = seller.country
    return render_to_string(
        TEMPLATE,
        {
            "document": document,
            "title": document_title(document),
            "seller_identity": seller_legal_identity(seller),
            "late_penalty": late_penalty_mention(seller),
            "recovery_fee": recovery_fee_mention(seller),
            "early_payment": early_payment_mention(seller),
            "seller_country": country_name(seller, home="FR"),
            "buyer_country": country_name(document.buyer, home=home),
            "delivery_country": country_name(document.delivery, home=home),
            "language": get_language() or "fr",
            "font_regular": FONTS / "Vera.ttf",
            "font_bold": FONTS / "VeraBd.ttf",
        },
    )


def invoice_pdf(document: InvoiceDocument) -> bytes:
    """The human-readable PDF of the document, in the active language."""
    # xhtml2pdf reads files under the working directory only: the fonts too.
    with use_policy(replace(default_policy(), extra_roots=(FONTS,))):
        return html_to_pdf(invoice_html(document))


def with_srgb_output_intent(pdf: bytes) -> bytes:
    """``pdf`` declaring its colours as sRGB, as PDF/A requires of a file
    that draws in RGB; the factur-x library keeps the declaration."""
    writer = PdfWriter(clone_from=BytesIO(pdf))
    profile = DecodedStreamObject()
    profile.set_data(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB"),
            NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
            # A stream must be an indirect object, and pypdf has no public
            # call that makes one.
            NameObject("/DestOutputProfile"): writer._add_object(profile),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([intent])
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
