"""The files of an issued invoice or credit note: its PDF and its XML.

The Factur-X rendering (a PDF/A-3 with its Cross Industry Invoice XML) is
built in ``ordering.invoicing.facturx`` on another branch; until it is
merged these two functions return placeholders, so the platform seam and
its task can be built and tested on their own.
"""

from ordering.invoicing.models import Invoice


def document_pdf(document: Invoice) -> bytes:
    """The document's PDF (Factur-X once merged)."""
    # replaced at merge by facturx
    return f"%PDF-1.7\n% placeholder for {document.number}\n%%EOF\n".encode()


def document_xml(document: Invoice) -> bytes:
    """The document's Cross Industry Invoice XML alone."""
    # replaced at merge by facturx
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- placeholder for {document.number} -->\n<placeholder/>\n"
    ).encode()
