"""The invoices list with its filters, one invoice, and its files."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.network.rights import may
from ordering.invoicing.downloads import PDF, XML, invoice_file
from ordering.invoicing.forms import InvoiceFilterForm
from ordering.invoicing.listings import (
    LIST_FIELDS,
    amounts_owed,
    invoice_search,
    is_invoice_number,
)
from ordering.invoicing.listings import invoice_detail as invoice_detail_query
from ordering.invoicing.models import Invoice
from ordering.invoicing.selectors import invoice_document, invoices_visible_to
from ordering.invoicing.views.access import (
    PAGE_SIZE,
    invoices_tab,
    require_invoices,
)


def _listed(visible, filters: dict, *, network: bool, today) -> QuerySet:
    """The filtered documents with only what the list shows (and, for staff,
    the reseller's name)."""
    found = invoice_search(
        visible,
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        issued_from=filters.get("issued_from"),
        issued_to=filters.get("issued_to"),
        on=today,
    )
    if not network:
        return found.only(*LIST_FIELDS)
    return found.select_related("organisation").only(
        *LIST_FIELDS, "organisation__name", "organisation__slug"
    )


def _organisation_query(organisation) -> str:
    """Staff looking at one reseller keep it in the figures' links."""
    return f"organisation={organisation.slug}" if organisation else ""


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    """Invoices and credit notes, newest first, with what is due on top."""
    require_invoices(request)
    network = may(request.user, "invoices.view_network")
    form = InvoiceFilterForm(request.GET or None, network=network)
    filters = form.valid_data() if request.GET else {}
    today = timezone.localdate()
    visible = invoices_visible_to(request.user)
    organisation = filters.get("organisation")
    if organisation is not None:
        visible = visible.filter(organisation=organisation)
    found = _listed(visible, filters, network=network, today=today)
    query = _organisation_query(organisation)
    return render(
        request,
        "invoicing/invoice_list.html",
        {
            "form": form,
            "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
            "owed": amounts_owed(visible, on=today),
            "organisation": organisation,
            "organisation_query": f"&{query}" if query else "",
            "statement_url": reverse("statement_of_account")
            + (f"?{query}" if query else ""),
            "show_reseller": network,
            "filtered": any(request.GET.get(name) for name in form.fields),
            "active_tab": invoices_tab(request),
        },
    )


def _visible_invoice(request: HttpRequest, number: str) -> Invoice:
    """The invoice with what the page shows, or 404: another organisation's
    and a missing one answer the same."""
    if not is_invoice_number(number):
        raise Http404
    invoice = (
        invoice_detail_query(invoices_visible_to(request.user))
        .filter(number=number)
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


@login_required
def invoice_detail(request: HttpRequest, number: str) -> HttpResponse:
    invoice = _visible_invoice(request, number)
    return render(
        request,
        "invoicing/invoice_detail.html",
        {
            "invoice": invoice,
            "document": invoice_document(invoice),
            "allocations": list(invoice.allocations.all()),
            "credit_notes": list(invoice.credit_notes.all()),
            "show_reseller": may(request.user, "invoices.view_network"),
            "active_tab": invoices_tab(request),
        },
    )


def _download(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    file = invoice_file(_visible_invoice(request, number), kind=kind)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@login_required
def invoice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The Factur-X PDF: the invoice to read, with its XML inside."""
    return _download(request, number, PDF)


@login_required
def invoice_xml(request: HttpRequest, number: str) -> HttpResponse:
    """The XML alone, for accounting software."""
    return _download(request, number, XML)
