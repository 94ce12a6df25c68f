"""Paying an order by card: the pay button, and checkout's card step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.network.rights import may
from ordering.orders.models import Order
from ordering.orders.selectors import orders_visible_to
from ordering.payments import stripe as payments
from portal.links import absolute_url


@login_required
@require_POST
def order_pay(request: HttpRequest, number: str) -> HttpResponse:
    """Open Stripe's page for a card order still to pay.

    The organisation's owners and buyers pay its orders; whoever just placed
    a card order at checkout is sent here too, and pays it.
    """
    order = get_object_or_404(orders_visible_to(request.user), number=number)
    if not (may(request.user, "orders.pay") or order.placed_by_id == request.user.pk):
        raise PermissionDenied(
            _("The organisation's owners and buyers pay its orders.")
        )
    return card_payment_start(
        request, order, back="order_detail", success_query="?payment=done"
    )


def card_payment_start(
    request: HttpRequest, order: Order, *, back: str, success_query: str = ""
) -> HttpResponse:
    """Stripe's checkout page for the order, or back to the order page named
    ``back`` with why not. Stripe sends the payer back there either way."""
    page = absolute_url(reverse(back, args=[order.number]))
    try:
        url = payments.checkout_start(
            order=order, success_url=page + success_query, cancel_url=page
        )
    except payments.PaymentError as error:
        messages.error(request, str(error))
        return redirect(back, order.number)
    return redirect(url)
