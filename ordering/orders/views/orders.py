"""The orders tab: list, search, CSV export, detail, reorder, cancel, pay.

Orders are always fetched through ``orders_visible_to(user)``, so another
organisation's order answers 404 whoever asks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.network.rights import may
from ordering.catalogue.selectors import vat_by_rate
from ordering.orders import services
from ordering.orders.forms import CancelForm, OrderFilterForm
from ordering.orders.models import Order
from ordering.orders.selectors import (
    backorder_restocks,
    order_search,
    orders_visible_to,
    shipments,
    with_backorder_flag,
)
from ordering.orders.selectors import order_detail as order_detail_query
from ordering.orders.views.access import PAGE_SIZE, require_ordering, require_orders
from portal.pagination import searched_page
from portal.spreadsheets import csv_response


def _filtered_orders(request: HttpRequest) -> tuple[OrderFilterForm, object]:
    form = OrderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    orders = order_search(
        orders_visible_to(request.user),
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        placed_from=filters.get("placed_from"),
        placed_to=filters.get("placed_to"),
    )
    return form, orders


ORDER_LIST_FIELDS = [
    "number",
    "placed_at",
    "organisation",
    "end_customer_name",
    "purchase_order_reference",
    "status",
    "total_excl_vat",
    "currency",
]


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    require_orders(request)
    form, found = _filtered_orders(request)
    # Only what the list shows; the reseller column is for staff only.
    found = with_backorder_flag(found.only(*ORDER_LIST_FIELDS))
    network = may(request.user, "orders.view_network")
    if network:
        found = found.select_related("organisation")
    query = request.GET.get("q", "")
    page = searched_page(found, request, query=query, per_page=PAGE_SIZE)
    return render(
        request,
        "ordering/orders.html",
        {
            "form": form,
            "page": page,
            "show_reseller": network,
            "filtered": any(request.GET.get(k) for k in form.fields),
            "stock_url": reverse("stock"),
            "active_tab": "orders",
        },
    )


@login_required
def orders_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV, for a spreadsheet (``portal.spreadsheets``:
    French Excel's format, no cell that can run as a formula)."""
    require_orders(request)
    _form, found = _filtered_orders(request)
    found = found.select_related("organisation").prefetch_related(
        Prefetch(
            "shipments",
            queryset=shipments().objects.only("order_id", "tracking_number"),
        )
    )
    rows = (_export_row(order) for order in found.iterator(chunk_size=2000))
    stamp = timezone.localdate().isoformat()
    return csv_response(f"orders-{stamp}.csv", _export_header(), rows, stream=True)


def _export_header() -> list[str]:
    return [
        _("Order number"),
        _("Date"),
        _("Status"),
        _("Channel"),
        _("Reseller"),
        _("End customer"),
        _("Your reference"),
        _("Total excl. VAT"),
        _("VAT"),
        _("Total incl. VAT"),
        _("Currency"),
        _("Tracking numbers"),
    ]


def _export_row(order: Order) -> list:
    return [
        order.number,
        timezone.localtime(order.placed_at).strftime("%Y-%m-%d %H:%M"),
        order.get_status_display(),
        order.get_channel_display(),
        order.organisation.name if order.organisation else "",
        order.end_customer_name,
        order.purchase_order_reference,
        order.total_excl_vat,
        order.total_vat,
        order.total_incl_vat,
        order.currency,
        " ".join(s.tracking_number for s in order.shipments.all()),
    ]


def _visible_order(request: HttpRequest, number: str) -> Order:
    return get_object_or_404(
        order_detail_query(orders_visible_to(request.user)), number=number
    )


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _visible_order(request, number)
    if request.GET.get("payment") == "done" and order.status == Order.Status.PLACED:
        messages.info(
            request,
            _(
                "Thank you. Your payment is being confirmed; this page shows it as "
                "paid within a minute."
            ),
        )
    lines = list(order.lines.all())
    restocks = backorder_restocks(lines)
    for line in lines:
        line.restock = restocks.get(line.pk)
    return render(
        request,
        "ordering/order_detail.html",
        {
            "order": order,
            "lines": lines,
            "waiting": sum(line.quantity_backordered for line in lines),
            "had_backorder": any(line.backordered_at_placement for line in lines),
            "vat_lines": vat_by_rate(
                (line.vat_rate, line.total_excl_vat) for line in lines
            ).items(),
            # Only card orders have payments: the latest says where it stands.
            "latest_payment": order.payments.first()
            if order.payment_method == Order.PaymentMethod.CARD
            else None,
            "may_cancel": services.order_cancellable_by(order=order, user=request.user),
            "may_pay": order.awaits_card_payment
            and may(request.user, "orders.pay")
            and services.card_payments_enabled(),
            "active_tab": "orders",
        },
    )


@login_required
@require_POST
def order_reorder(request: HttpRequest, number: str) -> HttpResponse:
    order = _visible_order(request, number)
    require_ordering(request)
    result = services.cart_reorder(user=request.user, order=order)
    if result.added:
        messages.success(
            request,
            _(
                "The lines of %(number)s are in your cart at today's prices; check "
                "availability before ordering."
            )
            % {"number": order.number},
        )
    if result.skipped:
        messages.warning(
            request,
            _("No longer sold, not added: %(products)s")
            % {"products": ", ".join(result.skipped)},
        )
    return redirect("cart")


@login_required
def order_cancel(request: HttpRequest, number: str) -> HttpResponse:
    order = _visible_order(request, number)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_cancel(
                order=order, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.OrderingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Order %(number)s is cancelled; its stock is released.")
                % {"number": order.number},
            )
        return redirect("order_detail", order.number)
    return render(
        request,
        "ordering/order_cancel.html",
        {"order": order, "form": form, "active_tab": "orders"},
    )
