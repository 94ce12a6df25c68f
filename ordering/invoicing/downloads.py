"""The files a reseller downloads for an invoice or a credit note: the
Factur-X PDF (PDF/A-3 with its XML inside) and the XML alone.

The invoices tab and the API ask ``invoice_file``, which asks the two
functions below, so the format lives in one place (``facturx``). A document
is written in the site's language (French), whoever downloads it: it is the
same legal document for the reseller, its accountant and the platform.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation

from ordering.invoicing.documents import InvoiceDocument
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
    """The document as a Factur-X PDF."""
    # replaced at merge by facturx: return facturx.facturx_pdf(document)
    title = f"{document.number}".encode("ascii", "replace")
    stream = b"BT /F1 18 Tf 72 770 Td (" + title + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def document_xml(document: InvoiceDocument) -> bytes:
    """The document's Cross Industry Invoice XML alone."""
    # replaced at merge by facturx: return facturx.invoice_xml(document)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Placeholder><ID>{escape(document.number)}</ID></Placeholder>\n"
    ).encode()
