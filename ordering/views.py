"""Stock, cart, checkout and the orders tab.

Views parse, call a service or selector, and render. Orders are always
fetched through ``orders_visible_to(user)``, so another organisation's order
answers 404 whoever asks.
"""

import csv
import uuid
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import payments, services
from .forms import (
    AddToCartForm,
    CancelForm,
    CartCustomerForm,
    CartLineForm,
    CheckoutForm,
    OrderFilterForm,
    QuickOrderForm,
    StockSearchForm,
)
from .models import Order, Product, Shipment, money
from .selectors import (
    appliances_fitted_by,
    availability_of,
    can_order,
    can_see_stock,
    cart_of,
    cart_quote,
    compatible_parts,
    next_restock,
    order_search,
    ordering_organisation_of,
    orders_visible_to,
    stock_by_warehouse,
    stock_search,
    unit_prices,
    with_availability,
)
from .selectors import (
    order_detail as order_detail_query,
)

PAGE_SIZE = 25


def _require_ordering(request: HttpRequest) -> None:
    if not can_order(request.user):
        raise PermissionDenied(
            _("Ordering is open to the owners and buyers of your organisation.")
        )


def _require_stock(request: HttpRequest) -> None:
    if not can_see_stock(request.user):
        raise PermissionDenied(_("Stock is shown to members of an active reseller."))


def _pricing_organisation(request: HttpRequest):
    """Whose prices the person sees: their own, or the staff cart's customer."""
    if request.user.is_staff:
        cart = cart_of(request.user)
        return cart.organisation if cart else None
    return ordering_organisation_of(request.user)


def _stock_rows(request: HttpRequest, products: list[Product]) -> tuple[list, list]:
    """Each product with its state, stock per warehouse and its price."""
    warehouses, levels = stock_by_warehouse(products)
    prices = (
        unit_prices(organisation=_pricing_organisation(request), products=products)
        if can_order(request.user)
        else {}
    )
    rows = []
    for product in products:
        product_levels = levels.get(product.pk, {})
        rows.append(
            {
                "product": product,
                "state": availability_of(product),
                "per_warehouse": [
                    (w, product_levels[w.pk].available if w.pk in product_levels else 0)
                    for w in warehouses
                ],
                "restock": next_restock(product_levels.values()),
                "price": prices.get(product.pk),
            }
        )
    return warehouses, rows


@login_required
def stock(request: HttpRequest) -> HttpResponse:
    _require_stock(request)
    form = StockSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    products = stock_search(
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        availability=filters.get("availability", ""),
    )
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    warehouses, rows = _stock_rows(request, list(page.object_list))
    return render(
        request,
        "ordering/stock.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "warehouses": warehouses,
            "can_order": can_order(request.user),
            "active_tab": "stock",
        },
    )


@login_required
def product(request: HttpRequest, reference: str) -> HttpResponse:
    _require_stock(request)
    found = get_object_or_404(
        with_availability(Product.objects.filter(is_active=True)), reference=reference
    )
    warehouses, rows = _stock_rows(request, [found])
    compatibility = list(compatible_parts(found)) if found.is_appliance else None
    related = [] if found.is_appliance else list(appliances_fitted_by(found))
    return render(
        request,
        "ordering/product.html",
        {
            "product": found,
            "row": rows[0],
            "warehouses": warehouses,
            "related": related,
            "compatibility": compatibility,
            "can_order": can_order(request.user),
            "active_tab": "stock",
        },
    )


# --- Cart ---------------------------------------------------------------------


def _payment_methods(organisation) -> list[tuple[str, str]]:
    methods = []
    if organisation is not None and organisation.may_order_on_account:
        methods.append(
            (Order.PaymentMethod.ON_ACCOUNT, _("On account (invoiced at month end)"))
        )
    if payments.card_payments_enabled():
        methods.append((Order.PaymentMethod.CARD, _("Card, on Stripe's secure page")))
    return methods


def _render_cart(
    request: HttpRequest,
    *,
    checkout_form: CheckoutForm | None = None,
    quick_form: QuickOrderForm | None = None,
    quick_errors: list | None = None,
    status: int = 200,
) -> HttpResponse:
    cart = cart_of(request.user)
    organisation = (
        cart.organisation
        if cart and request.user.is_staff
        else ordering_organisation_of(request.user)
    )
    methods = _payment_methods(organisation)
    if checkout_form is None:
        checkout_form = CheckoutForm(
            organisation=organisation,
            payment_methods=methods,
            initial={"submission_key": uuid.uuid4().hex},
        )
    priced = cart_quote(cart)
    return render(
        request,
        "ordering/cart.html",
        {
            "quote": priced,
            "organisation": organisation,
            "checkout_form": checkout_form,
            "quick_form": quick_form or QuickOrderForm(),
            "quick_errors": quick_errors or [],
            "customer_form": CartCustomerForm(initial={"organisation": organisation})
            if request.user.is_staff
            else None,
            "payment_methods": methods,
            "stock_url": reverse("stock"),
            "active_tab": "orders",
        },
        status=status,
    )


@login_required
def cart(request: HttpRequest) -> HttpResponse:
    _require_ordering(request)
    return _render_cart(request)


def _safe_next(request: HttpRequest, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@login_required
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    _require_ordering(request)
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a quantity between 1 and 9999."))
        return redirect(_safe_next(request, reverse("stock")))
    product, quantity = form.cleaned_data["product"], form.cleaned_data["quantity"]
    try:
        line = services.cart_add(user=request.user, product=product, quantity=quantity)
    except services.OrderingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(reference)s added to your cart (%(quantity)s in the cart).")
            % {"reference": product.reference, "quantity": line.quantity},
        )
    return redirect(_safe_next(request, reverse("stock")))


@login_required
@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    _require_ordering(request)
    form = CartLineForm(request.POST)
    if "remove" in request.POST:
        form = CartLineForm({"product": request.POST.get("product"), "quantity": 0})
    if not form.is_valid():
        messages.error(request, _("Enter a quantity between 0 and 9999."))
        return redirect("cart")
    try:
        services.cart_set_quantity(
            user=request.user,
            product=form.cleaned_data["product"],
            quantity=form.cleaned_data["quantity"],
        )
    except services.OrderingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Cart updated."))
    return redirect("cart")


@login_required
@require_POST
def cart_customer(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied
    _require_ordering(request)
    form = CartCustomerForm(request.POST)
    if form.is_valid():
        services.cart_set_organisation(
            user=request.user, organisation=form.cleaned_data["organisation"]
        )
        messages.success(
            request, _("Prices and payment now follow the chosen customer.")
        )
    return redirect("cart")


@login_required
@require_POST
def quick_order(request: HttpRequest) -> HttpResponse:
    _require_ordering(request)
    form = QuickOrderForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_cart(request, quick_form=form, status=400)
    result = services.cart_quick_order(
        user=request.user, text=form.cleaned_data["text"]
    )
    if result.added:
        messages.success(
            request,
            _("%(count)s line(s) added to your cart.") % {"count": len(result.added)},
        )
    if not result.errors:
        return redirect("cart")
    # Keep only the bad lines in the box, so they can be fixed and resent.
    retry = QuickOrderForm(
        initial={"lines": "\n".join(raw for _n, raw, _w in result.errors)}
    )
    return _render_cart(
        request, quick_form=retry, quick_errors=result.errors, status=400
    )


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    _require_ordering(request)
    cart_obj = cart_of(request.user)
    organisation = (
        cart_obj.organisation
        if cart_obj and request.user.is_staff
        else ordering_organisation_of(request.user)
    )
    form = CheckoutForm(
        request.POST,
        organisation=organisation,
        payment_methods=_payment_methods(organisation),
    )
    if not form.is_valid():
        return _render_cart(request, checkout_form=form, status=400)
    data = form.cleaned_data
    if organisation is not None:
        address = data["address"]
        delivery = services.Delivery(
            name=f"{organisation.name} — {address.label}"
            if address.label
            else organisation.name,
            line1=address.line1,
            line2=address.line2,
            postcode=address.postcode,
            city=address.city,
            country=address.country,
        )
    else:
        delivery = services.Delivery(
            name=data["delivery_name"],
            line1=data["delivery_line1"],
            line2=data["delivery_line2"],
            postcode=data["delivery_postcode"],
            city=data["delivery_city"],
        )
    try:
        order = services.order_place(
            user=request.user,
            submission_key=data["submission_key"],
            payment_method=data["payment_method"],
            delivery=delivery,
            purchase_order_reference=data.get("purchase_order_reference", ""),
            end_customer_name=data.get("end_customer_name", ""),
            contact_email=data.get("contact_email", ""),
        )
    except services.OrderingError as error:
        form.add_error(None, str(error))
        return _render_cart(request, checkout_form=form, status=409)
    if (
        order.payment_method == Order.PaymentMethod.CARD
        and order.status == Order.Status.PLACED
    ):
        return _start_card_payment(request, order)
    messages.success(
        request,
        _("Order %(number)s is placed. You will get an email when it ships.")
        % {"number": order.number},
    )
    return redirect("order_detail", order.number)


def _start_card_payment(request: HttpRequest, order: Order) -> HttpResponse:
    detail = request.build_absolute_uri(reverse("order_detail", args=[order.number]))
    try:
        url = payments.checkout_start(
            order=order, success_url=f"{detail}?payment=done", cancel_url=detail
        )
    except payments.PaymentError as error:
        messages.error(request, str(error))
        return redirect("order_detail", order.number)
    return redirect(url)


# --- Orders -------------------------------------------------------------------


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


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    _require_ordering(request)
    form, found = _filtered_orders(request)
    page = Paginator(found.select_related("organisation"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ordering/orders.html",
        {
            "form": form,
            "page": page,
            "filtered": any(request.GET.get(k) for k in form.fields),
            "stock_url": reverse("stock"),
            "active_tab": "orders",
        },
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def orders_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV, for a spreadsheet (semicolons, as French
    Excel expects)."""
    _require_ordering(request)
    _form, found = _filtered_orders(request)
    found = found.select_related("organisation").prefetch_related(
        Prefetch(
            "shipments", queryset=Shipment.objects.only("order_id", "tracking_number")
        )
    )
    writer = csv.writer(_Echo(), delimiter=";")
    header = [
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

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for order in found.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    order.number,
                    timezone.localtime(order.placed_at).strftime("%Y-%m-%d %H:%M"),
                    order.get_status_display(),
                    order.get_channel_display(),
                    order.organisation.name if order.organisation else "",
                    order.end_customer_name,
                    order.purchase_order_reference,
                    str(order.total_excl_vat).replace(".", ","),
                    str(order.total_vat).replace(".", ","),
                    str(order.total_incl_vat).replace(".", ","),
                    order.currency,
                    " ".join(s.tracking_number for s in order.shipments.all()),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="orders-{stamp}.csv"'
    return response


def _visible_order(request: HttpRequest, number: str) -> Order:
    return get_object_or_404(
        order_detail_query(orders_visible_to(request.user)), number=number
    )


def _vat_lines(order: Order) -> list[tuple[Decimal, Decimal]]:
    bases: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in order.lines.all():
        bases[line.vat_rate] += line.total_excl_vat
    return [(rate, money(base * rate / 100)) for rate, base in sorted(bases.items())]


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
    may_cancel = order.status in services.TRANSITIONS and (
        Order.Status.CANCELLED in services.TRANSITIONS[order.status]
        and (request.user.is_staff or order.status in services.RESELLER_CANCELLABLE)
    )
    return render(
        request,
        "ordering/order_detail.html",
        {
            "order": order,
            "vat_lines": _vat_lines(order),
            "may_cancel": may_cancel,
            "may_pay": order.payment_method == Order.PaymentMethod.CARD
            and order.status == Order.Status.PLACED
            and payments.card_payments_enabled(),
            "active_tab": "orders",
        },
    )


@login_required
@require_POST
def order_reorder(request: HttpRequest, number: str) -> HttpResponse:
    order = _visible_order(request, number)
    _require_ordering(request)
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


@login_required
@require_POST
def order_pay(request: HttpRequest, number: str) -> HttpResponse:
    order = _visible_order(request, number)
    return _start_card_payment(request, order)
