"""Staff screens of invoicing that are forms over a service: issue a credit
note from an invoice (``invoices.credit``), record a payment
(``invoices.record_payment``). Each asks the rights table; a service's
refusal shows on the form and nothing is written."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.network.models import Organisation
from accounts.network.rights import may
from ordering.invoicing.admin_forms import CreditNoteForm, PaymentForm
from ordering.invoicing.models import Invoice
from ordering.invoicing.services import (
    InvoicingError,
    credit_note_issue,
    credited_quantities,
    payment_record,
)


def _require(request: HttpRequest, right: str) -> None:
    if not may(request.user, right):
        raise PermissionDenied


def _credit_note_form(request: HttpRequest, invoice: Invoice) -> CreditNoteForm:
    lines = list(invoice.lines.all())
    done = credited_quantities(invoice)
    left = {line.pk: line.quantity - done.get(line.pk, 0) for line in lines}
    return CreditNoteForm(request.POST or None, lines=lines, left=left)


def credit_note_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the lines and quantities to credit, the reason, and confirm."""
    _require(request, "invoices.credit")
    invoice = get_object_or_404(
        Invoice.objects.invoices().select_related("organisation"), pk=pk
    )
    form = _credit_note_form(request, invoice)
    if request.method == "POST" and form.is_valid():
        try:
            credit_note = credit_note_issue(
                invoice=invoice,
                quantities=form.quantities,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                by=request.user,
            )
        except InvoicingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Credit note %(number)s issued for %(invoice)s.")
                % {"number": credit_note.number, "invoice": invoice.number},
            )
            return redirect("invoice:inspect", credit_note.pk)
    context = {"invoice": invoice, "nothing_left": not form.lines, "form": form}
    return _render(request, "credit_note_form", context, _("Issue a credit note"))


def _render(request, template: str, context: dict, title: str) -> HttpResponse:
    form = context["form"]
    return TemplateResponse(
        request,
        f"invoicing/admin/{template}.html",
        {"page_title": title, "header_icon": "doc-full", **context},
        status=400 if form.errors else 200,
    )


def _payment_form(request: HttpRequest) -> PaymentForm:
    """The form for the reseller chosen (its open invoices listed), or the
    reseller to choose."""
    data = request.POST or None
    chosen = (data or request.GET).get("organisation", "")
    organisation = (
        Organisation.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    )
    open_invoices = (
        Invoice.objects.filter(organisation=organisation)
        .open()
        .order_by("due_date", "pk")
    )
    form = PaymentForm(
        data,
        open_invoices=list(open_invoices) if organisation else [],
        initial={"organisation": organisation},
    )
    form.organisation = organisation
    if organisation is not None:
        # Chosen: its open invoices are listed, so it no longer changes here.
        form.fields["organisation"].widget = forms.HiddenInput()
    return form


def payment_new(request: HttpRequest) -> HttpResponse:
    """Record a bank transfer: the reseller first (its open invoices are then
    listed), the amount, date and reference, and what goes to each invoice."""
    _require(request, "invoices.record_payment")
    form = _payment_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = payment_record(
                organisation=data["organisation"],
                amount=data["amount"],
                received_on=data["received_on"],
                reference=data["reference"],
                allocations=form.allocations,
                by=request.user,
            )
        except InvoicingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Payment %(reference)s recorded.") % {"reference": payment.reference},
            )
            return redirect("payment:index")
    context = {
        "organisation": form.organisation,
        "form": form,
        "choose_url": reverse("payment:add"),
    }
    return _render(request, "payment_form", context, _("Record a payment"))
