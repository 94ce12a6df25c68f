"""HTML to PDF with xhtml2pdf: pure Python (ReportLab), installed by pip alone."""

from io import BytesIO

from xhtml2pdf import pisa


class PDFError(Exception):
    """The PDF could not be produced from the template."""


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` (a print template with its own simple CSS) to PDF bytes."""
    output = BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise PDFError(f"xhtml2pdf reported {result.err} error(s)")
    return output.getvalue()
