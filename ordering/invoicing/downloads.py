"""The files of an issued document, as the reseller downloads them and the
e-invoicing platform receives them: the Factur-X PDF and its XML alone.

Always in French, the language of the invoice as issued (French law asks
invoices between French companies to be written in French), whatever the
language of the page that asks for them.
"""

from django.conf import settings
from django.utils import translation

from ordering.invoicing.documents import InvoiceDocument
from ordering.invoicing.facturx import facturx_pdf, invoice_xml


def document_pdf(document: InvoiceDocument) -> bytes:
    """The PDF/A-3 to read, with its Cross Industry Invoice XML inside."""
    with translation.override(settings.LANGUAGE_CODE):
        return facturx_pdf(document)


def document_xml(document: InvoiceDocument) -> bytes:
    """The Cross Industry Invoice XML alone (profile EN 16931)."""
    with translation.override(settings.LANGUAGE_CODE):
        return invoice_xml(document)
