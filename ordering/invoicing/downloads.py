"""The files of an issued invoice or credit note: the Factur-X PDF (PDF/A-3
with its Cross Industry Invoice XML inside) and the XML alone, as the
reseller downloads them (tab and API) and the e-invoicing platform receives
them.

Always in French, the language of the invoice as issued (French law asks
invoices between French companies to be written in French), whoever asks:
it is the same legal document for the reseller, its accountant and the
platform.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from ordering.invoicing.documents import InvoiceDocument
from ordering.invoicing.facturx import facturx_pdf, invoice_xml
from ordering.invoicing.models import Invoice
from ordering.invoicing.selectors import invoice_document

PDF, XML = "pdf", "xml"
CONTENT_TYPES = {PDF: "application/pdf", XML: "application/xml"}


@dataclass(frozen=True)
class InvoiceFile:
    content: bytes
    filename: str
    content_type: str


def invoice_file(invoice: Invoice, *, kind: str) -> InvoiceFile:
    """The invoice's PDF or XML, named after its number ("F-2026-000042.pdf").

    The invoice comes with its lines (``listings.invoice_detail``)."""
    with translation.override(settings.LANGUAGE_CODE):
        document = invoice_document(invoice)
        content = document_pdf(document) if kind == PDF else document_xml(document)
    return InvoiceFile(
        content=content,
        filename=f"{invoice.number}.{kind}",
        content_type=CONTENT_TYPES[kind],
    )


def document_pdf(document: InvoiceDocument) -> bytes:
    """The PDF/A-3 to read, with its Cross Industry Invoice XML inside."""
    with translation.override(settings.LANGUAGE_CODE):
        return facturx_pdf(document)


def document_xml(document: InvoiceDocument) -> bytes:
    """The Cross Industry Invoice XML alone (profile EN 16931)."""
    with translation.override(settings.LANGUAGE_CODE):
        return invoice_xml(document)
