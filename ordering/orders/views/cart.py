"""Cart, quick order and checkout."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.network.rights import may
from ordering.orders import services
from ordering.orders.forms import (
    AddToCartForm,
    CartCustomerForm,
    CartLineForm,
    CheckoutForm,
    QuickOrderForm,
)
from ordering.orders.models import Order
from ordering.orders.selectors import cart_of, cart_quote, order_organisation
from ordering.orders.views.access import require_ordering
from portal.redirects import next_url


def _render_cart(
    request: HttpRequest,
    *,
    checkout_form: CheckoutForm | None = None,
    quick_form: QuickOrderForm | None = None,
    quick_errors: list | None = None,
    status: int = 200,
) -> HttpResponse:
    cart = cart_of(request.user)
    organisation = order_organisation(request.user, cart=cart)
    methods = services.payment_methods_for(organisation)
    if checkout_form is None:
        checkout_form = CheckoutForm(
            organisation=organisation,
            payment_methods=methods,
            may_lift_credit_hold=may(request.user, "orders.override_credit_hold"),
            initial={"submission_key": uuid.uuid4().hex},
        )
    priced = cart_quote(cart)
    checkout_form.offer_backorder(priced.has_shortage)
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
            if may(request.user, "orders.place_for_customers")
            else None,
            "payment_methods": methods,
            "stock_url": reverse("stock"),
            "active_tab": "cart",
        },
        status=status,
    )


@login_required
def cart(request: HttpRequest) -> HttpResponse:
    require_ordering(request)
    return _render_cart(request)


@login_required
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    require_ordering(request)
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a quantity between 1 and 9999."))
        return redirect(next_url(request, reverse("stock")))
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
    return redirect(next_url(request, reverse("stock")))


@login_required
@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    require_ordering(request)
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
    if not may(request.user, "orders.place_for_customers"):
        raise PermissionDenied(_("Only the call center orders for others."))
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
    require_ordering(request)
    form = QuickOrderForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_cart(request, quick_form=form, status=400)
    data = form.cleaned_data
    result = services.cart_quick_order(
        user=request.user,
        text=data["text"],
        file_text=data["file_text"],
        file_name=data["file_name"],
    )
    if result.added:
        messages.success(
            request,
            _("%(count)s line(s) added to your cart.") % {"count": len(result.added)},
        )
    if not result.errors:
        return redirect("cart")
    # Keep only the bad lines in the box, so they can be fixed and resent.
    retry = QuickOrderForm(initial={"lines": result.retry_text})
    return _render_cart(
        request, quick_form=retry, quick_errors=result.errors, status=400
    )


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    require_ordering(request)
    organisation = order_organisation(request.user)  # reads the cart for staff
    form = CheckoutForm(
        request.POST,
        organisation=organisation,
        payment_methods=services.payment_methods_for(organisation),
        may_lift_credit_hold=may(request.user, "orders.override_credit_hold"),
    )
    if not form.is_valid():
        return _render_cart(request, checkout_form=form, status=400)
    order = _placed(request, form, organisation)
    if order is None:
        return _render_cart(request, checkout_form=form, status=409)
    if order.awaits_card_payment:
        # The payments app takes over: the same POST goes on to its page
        # (307 keeps the method and the form's CSRF token), which opens
        # Stripe's.
        return HttpResponseRedirect(
            reverse("order_pay", args=[order.number]), status=307
        )
    messages.success(
        request,
        _("Order %(number)s is placed. You will get an email when it ships.")
        % {"number": order.number},
    )
    return redirect("order_detail", order.number)


def _placed(request: HttpRequest, form: CheckoutForm, organisation) -> Order | None:
    """The cart placed as an order; None with the refusal on the form."""
    data = form.cleaned_data
    try:
        return services.order_place(
            user=request.user,
            submission_key=data["submission_key"],
            payment_method=data["payment_method"],
            delivery=form.delivery(organisation),
            purchase_order_reference=data.get("purchase_order_reference", ""),
            end_customer_name=data.get("end_customer_name", ""),
            contact_email=data.get("contact_email", ""),
            # No choice posted (nothing was short when the page was shown):
            # a shortage refuses the order, and the page then offers it.
            shipping_preference=data.get("shipping_preference") or None,
            credit_hold_override=form.credit_hold_override,
        )
    except services.InsufficientStockError as error:
        form.add_error(None, str(error))
        form.add_error(
            "shipping_preference",
            _("Choose how to ship to order what is in stock now and the rest later."),
        )
    except services.OrderingError as error:
        form.add_error(None, str(error))
    return None
