"""The statement of account: a page, printable, and a CSV file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.network.models import Organisation
from accounts.network.rights import active_organisation_of, may
from ordering.invoicing.forms import StatementPeriodForm
from ordering.invoicing.listings import invoiced_organisations, organisation_named
from ordering.invoicing.statement import StatementOfAccount, statement_of_account
from ordering.invoicing.views.access import invoices_tab, require_invoices
from portal.money import money_format
from portal.spreadsheets import csv_response


def _organisation(request: HttpRequest) -> Organisation | None:
    """A reseller's own account; staff name the reseller (slug or id), and
    None means they have not (or named one that is not there)."""
    require_invoices(request)
    if may(request.user, "invoices.view_network"):
        return organisation_named(request.user, request.GET.get("organisation", ""))
    organisation = active_organisation_of(request.user)
    if organisation is None:
        raise PermissionDenied
    return organisation


def _statement(request: HttpRequest, organisation: Organisation):
    form = StatementPeriodForm(request.GET or None)
    period = form.valid_data() if request.GET else {}
    result = statement_of_account(
        organisation=organisation,
        start=period.get("start"),
        end=period.get("end"),
    )
    return form, result


@login_required
def statement_of_account_page(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        asked = request.GET.get("organisation", "")
        if asked:
            messages.error(request, _("No reseller has this name or number."))
        return render(
            request,
            "invoicing/statement_choose.html",
            {
                "organisations": invoiced_organisations(),
                "active_tab": invoices_tab(request),
            },
        )
    form, result = _statement(request, organisation)
    network = may(request.user, "invoices.view_network")
    query = request.GET.copy()
    if network:
        query["organisation"] = organisation.slug
    return render(
        request,
        "invoicing/statement_of_account.html",
        {
            "form": form,
            "statement": result,
            "show_reseller": network,
            "csv_url": reverse("statement_of_account_csv")
            + (f"?{query.urlencode()}" if query else ""),
            "active_tab": invoices_tab(request),
        },
    )


@login_required
def statement_of_account_csv(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        messages.info(request, _("Choose the reseller whose account to show."))
        return redirect("statement_of_account")
    _form, result = _statement(request, organisation)
    stamp = result.on.isoformat()
    return csv_response(
        f"statement-of-account-{organisation.slug}-{stamp}.csv",
        _header(),
        _rows(result),
    )


def _header() -> list[str]:
    return [
        _("Kind"),
        _("Number"),
        _("Date"),
        _("Due date"),
        _("Days overdue"),
        _("Amount"),
        _("Paid or credited"),
        _("Left to pay"),
        _("Currency"),
        _("Details"),
    ]


def _rows(result: StatementOfAccount) -> list[list]:
    rows = []
    for row in result.open_invoices:
        invoice = row.invoice
        rows.append(
            [
                _("Open invoice"),
                invoice.number,
                invoice.issue_date,
                invoice.due_date,
                row.days_overdue,
                invoice.total_incl_vat,
                row.settled,
                row.amount_due,
                invoice.currency,
                invoice.purchase_order_reference,
            ]
        )
    for received in result.payments:
        payment = received.payment
        rows.append(
            [
                _("Payment received"),
                payment.reference,
                payment.received_on,
                "",
                "",
                payment.amount,
                "",
                "",
                payment.currency,
                ", ".join(
                    f"{a.invoice.number} ({money_format(a.amount, payment.currency)})"
                    for a in received.allocations
                ),
            ]
        )
    for credit in result.credit_notes:
        rows.append(
            [
                _("Credit note"),
                credit.number,
                credit.issue_date,
                "",
                "",
                credit.total_incl_vat,
                "",
                "",
                credit.currency,
                credit.credited_invoice.number,
            ]
        )
    rows.append([_("Balance owed"), "", result.on, "", "", "", "", result.balance])
    rows.append([_("Of which overdue"), "", result.on, "", "", "", "", result.overdue])
    return rows
