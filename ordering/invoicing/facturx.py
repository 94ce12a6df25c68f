"""An invoice or a credit note as Factur-X: a PDF a person reads, with the
Cross Industry Invoice XML a machine reads embedded in it (profile EN 16931).

Everything renders from one ``InvoiceDocument``, so the PDF and the XML carry
the same figures and the same legal mentions (the pieces are in
``ordering.invoicing.rendering``). Texts (legal mentions, titles) are written
in the language active when a function is called: the caller wraps it in
``translation.override`` with the buyer's language (French by default).
"""

import facturx
from django.utils.text import get_valid_filename
from django.utils.translation import get_language

from ordering.invoicing.documents import InvoiceDocument
from ordering.invoicing.rendering.cii import NSMAP, invoice_xml
from ordering.invoicing.rendering.mentions import document_title
from ordering.invoicing.rendering.pdf import invoice_pdf, with_srgb_output_intent

__all__ = [
    "NSMAP",
    "facturx_pdf",
    "invoice_pdf",
    "invoice_xml",
    "pdf_filename",
    "xml_filename",
]


def facturx_pdf(document: InvoiceDocument) -> bytes:
    """The PDF/A-3 with the document's XML embedded, checked against the XSD."""
    title = f"{document.seller.name}: {document_title(document)} {document.number}"
    return facturx.generate_from_binary(
        with_srgb_output_intent(invoice_pdf(document)),
        invoice_xml(document),
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata={
            "author": document.seller.name,
            "keywords": "Factur-X",
            "title": title,
            "subject": title,
        },
        lang=get_language() or "fr",
    )


def document_filename(document: InvoiceDocument, *, extension: str) -> str:
    """ "F2026-00042.pdf": the number, safe as a file name, and ``extension``."""
    return f"{get_valid_filename(document.number)}.{extension}"


def pdf_filename(document: InvoiceDocument) -> str:
    return document_filename(document, extension="pdf")


def xml_filename(document: InvoiceDocument) -> str:
    return document_filename(document, extension="xml")
