"""HTML to PDF with xhtml2pdf: pure Python (ReportLab), installed by pip alone."""

from io import BytesIO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from xhtml2pdf import pisa


class PDFError(Exception):
    """The PDF could not be produced from the template."""


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` (a print template with its own simple CSS) to PDF bytes."""
    output = BytesIO()
    result = pisa.CreatePDF(
        html, dest=output, encoding="utf-8", link_callback=static_file_path
    )
    if result.err:
        raise PDFError(f"xhtml2pdf reported {result.err} error(s)")
    return output.getvalue()


def static_file_path(uri: str, rel: str | None = None) -> str:
    """The file on disk behind a ``{% static %}`` address, for xhtml2pdf.

    xhtml2pdf reads pictures from files, not from the site: a static address
    is looked up in the collected files (production, hashed names) or, with
    none collected (development, tests), in the apps' static folders. Any
    other address (a data URI) is left as it is.
    """
    if not uri.startswith(settings.STATIC_URL):
        return uri
    name = uri.removeprefix(settings.STATIC_URL).split("?", 1)[0]
    if settings.STATIC_ROOT and staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    found = finders.find(name)
    if not found:
        raise PDFError(f"No static file {name!r} for the PDF")
    return found
