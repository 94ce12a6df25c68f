"""Monthly statements of the sales credited to a reseller, and moving a credit."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.selectors import membership_of

from .. import services
from ..forms import CreditReassignForm
from ..models import Order
from ..selectors import credited_sales_statement

MONTHS_LISTED = 12


def _month(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _statement_organisation(request: HttpRequest) -> Organisation:
    """A reseller's own statement; staff choose the reseller."""
    if request.user.is_staff:
        if not request.user.has_perm("accounts.view_network_dashboard"):
            raise Http404
        return get_object_or_404(Organisation, slug=request.GET.get("reseller", ""))
    membership = membership_of(user=request.user)
    if membership is None or membership.role == "technician":
        raise Http404
    return membership.organisation


def _recent_months(today: date) -> list[date]:
    months, year, month = [], today.year, today.month
    for _n in range(MONTHS_LISTED):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    """The month's credited sales, line by line, with the commission."""
    organisation = _statement_organisation(request)
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
            if request.user.is_staff
            else "",
        },
    )


@login_required
def statement_csv(request: HttpRequest) -> HttpResponse:
    organisation = _statement_organisation(request)
    month = _month(request.GET.get("month", "")) or timezone.localdate().replace(day=1)
    result = credited_sales_statement(organisation=organisation, month=month)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="commissions-{organisation.slug}-'
        f'{month.strftime("%Y-%m")}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
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
    )

    def money(amount) -> str:
        return str(amount).replace(".", ",")

    for line in result.lines:
        order = line.order
        writer.writerow(
            [
                timezone.localtime(order.placed_at).strftime("%Y-%m-%d"),
                order.number,
                order.get_channel_display(),
                order.end_customer_name,
                order.delivery_postcode,
                order.get_credit_rule_display(),
                money(order.total_excl_vat),
                money(order.commission_rate or 0),
                money(line.commission),
                order.currency,
            ]
        )
    writer.writerow(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            money(result.total_excl_vat),
            "",
            money(result.total_commission),
            "EUR",
        ]
    )
    return response


@login_required
def order_credit(request: HttpRequest, number: str) -> HttpResponse:
    """A manager credits a sale to another reseller, saying why."""
    if not request.user.is_staff or not request.user.has_perm(
        "accounts.reassign_credit"
    ):
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
