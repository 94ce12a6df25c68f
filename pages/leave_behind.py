"""The leave-behind sheet an installer gives the customer: HTML to print, or PDF.

The blank sheet of a technical sheet page and the sheet filled in for one
installation (accounts) are drawn from the same print template.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from wagtail.models import Page

from ordering.catalogue.models import Product
from ordering.catalogue.selectors import compatible_parts
from pages.pdf import html_to_pdf


def _sheet_context(request: HttpRequest, *, sheet: Page) -> dict:
    parts = [
        row
        for row in compatible_parts(sheet.appliance)
        if row.part.kind == Product.Kind.CONSUMABLE
        or row.part.replacement_interval_months
    ]
    return {
        "sheet": sheet,
        "appliance": sheet.appliance,
        "parts": parts,
        "support_email": settings.PORTAL_SUPPORT_EMAIL,
        "support_phone": settings.PORTAL_SUPPORT_PHONE,
        "installer": getattr(request, "membership", None)
        and request.membership.organisation,
    }


def leave_behind_html(request: HttpRequest, *, sheet: Page) -> HttpResponse:
    """The printable sheet of a technical sheet page, blank for any customer."""
    context = _sheet_context(request, sheet=sheet)
    context["page"] = sheet
    context["active_tab"] = "documentation"
    return render(request, "pages/leave_behind.html", context)


def leave_behind_sheet_pdf(request: HttpRequest, *, sheet: Page) -> HttpResponse:
    """The same sheet as a PDF, drawn from its own print-only template."""
    return leave_behind_pdf_response(
        request,
        _sheet_context(request, sheet=sheet),
        filename=f"fiche-{sheet.appliance.reference}.pdf",
    )


def leave_behind_pdf_response(
    request: HttpRequest, context: dict, *, filename: str
) -> HttpResponse:
    """A leave-behind sheet (blank or filled for an installation) as a PDF."""
    context = {
        "support_email": settings.PORTAL_SUPPORT_EMAIL,
        "support_phone": settings.PORTAL_SUPPORT_PHONE,
        **context,
        # xhtml2pdf draws PNG files, not the page's inline SVG.
        "for_pdf": True,
    }
    html = render_to_string("pages/leave_behind_pdf.html", context, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
