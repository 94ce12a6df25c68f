"""Monthly statements of the sales credited to a reseller, and moving a credit."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.network.models import Organisation
from accounts.network.rights import active_organisation_of, may
from ordering.orders import services
from ordering.orders.forms import CreditReassignForm
from ordering.orders.models import Order
from ordering.orders.selectors import credited_sales_statement
from portal.spreadsheets import csv_response

MONTHS_LISTED = 12


def _month(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


class _ChooseReseller(Exception):
    """A manager asked for a statement without saying whose."""


def _statement_organisation(request: HttpRequest) -> Organisation:
    """A reseller's own statement; managers choose the reseller."""
    if may(request.user, "statements.view_network"):
        slug = request.GET.get("reseller", "")
        if not slug:
            raise _ChooseReseller
        return get_object_or_404(Organisation, slug=slug[:100])
    if not may(request.user, "statements.view_own"):
        raise Http404
    return active_organisation_of(request.user)


def _recent_months(today: date) -> list[date]:
    months, year, month = [], today.year, today.month
    for _n in range(MONTHS_LISTED):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _choose_reseller(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Choose the reseller whose credited sales to show."))
    return redirect("organisation_list")


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    """The month's credited sales, line by line, with the commission."""
    try:
        organisation = _statement_organisation(request)
    except _ChooseReseller:
        return _choose_reseller(request)
    today = timezone.localdate()
    asked = request.GET.get("month", "")
    month = _month(asked) if asked else today.replace(day=1)
    if month is None or month > today:
        messages.error(request, _("Choose a month from the list."))
        month = today.replace(day=1)
    result = credited_sales_statement(organisation=organisation, month=month)
    return render(
        request,
        "ordering/statement.html",
        {
            "active_tab": "orders",
            "statement": result,
            "months": _recent_months(today),
            "month_value": month.strftime("%Y-%m"),
            "reseller_param": f"&reseller={organisation.slug}"
            if may(request.user, "statements.view_network")
            else "",
        },
    )


@login_required
def statement_csv(request: HttpRequest) -> HttpResponse:
    try:
        organisation = _statement_organisation(request)
    except _ChooseReseller:
        return _choose_reseller(request)
    month = _month(request.GET.get("month", "")) or timezone.localdate().replace(day=1)
    result = credited_sales_statement(organisation=organisation, month=month)
    rows = [_statement_row(line) for line in result.lines]
    total = [_("Total"), "", "", "", "", ""]
    total += [result.total_excl_vat, "", result.total_commission, "EUR"]
    filename = f"commissions-{organisation.slug}-{month.strftime('%Y-%m')}.csv"
    return csv_response(filename, _statement_header(), [*rows, total])


def _statement_header() -> list[str]:
    return [
        _("Date"),
        _("Order number"),
        _("Channel"),
        _("Customer"),
        _("Postcode"),
        _("Why credited"),
        _("Total excl. VAT"),
        _("Rate (%)"),
        _("Commission"),
        _("Currency"),
    ]


def _statement_row(line) -> list:
    order = line.order
    return [
        timezone.localtime(order.placed_at).strftime("%Y-%m-%d"),
        order.number,
        order.get_channel_display(),
        order.end_customer_name,
        order.delivery_postcode,
        order.get_credit_rule_display(),
        order.total_excl_vat,
        order.commission_rate or 0,
        line.commission,
        order.currency,
    ]


@login_required
def order_credit(request: HttpRequest, number: str) -> HttpResponse:
    """A manager credits a sale to another reseller, saying why."""
    if not may(request.user, "credits.reassign"):
        raise Http404
    order = get_object_or_404(
        Order.objects.select_related("credited_organisation", "customer"),
        number=number,
    )
    form = CreditReassignForm(
        request.POST or None,
        initial={"organisation": order.credited_organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.order_credit_reassign(
                order=order,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.OrderingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The sale's credit was moved."))
            return redirect("order_detail", number=order.number)
    return render(
        request,
        "ordering/order_credit.html",
        {"active_tab": "orders", "order": order, "form": form},
        status=400 if form.errors else 200,
    )
