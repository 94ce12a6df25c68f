"""The call center orders for a customer from the customer's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.customers.models import Installation
from accounts.customers.selectors import customers_visible_to, installations_visible_to
from accounts.network.rights import may
from ordering.catalogue.selectors import parts_fitting
from ordering.orders import services
from ordering.orders.forms_call_center import CallCenterOrderForm


@login_required
def staff_customer_order(request: HttpRequest, pk: int) -> HttpResponse:
    """Order for the customer on the phone, at catalogue prices: choose the
    quantities, review the summary, then place (every step is this page)."""
    if not may(request.user, "orders.place_for_customers"):
        raise Http404
    customer = get_object_or_404(
        customers_visible_to(request.user).filter(erased_at__isnull=True), pk=pk
    )
    installations = installations_visible_to(request.user).filter(
        customer=customer, status=Installation.Status.SUBMITTED
    )
    form = CallCenterOrderForm(
        request.POST or None,
        installations=installations.select_related("appliance"),
        payment_methods=services.customer_payment_methods(),
        suggested=parts_fitting(installations.values("appliance_id")),
    )
    if form.action == "place" and form.is_valid():
        order = _placed(request, form, customer)
        if order is not None:
            messages.success(
                request,
                _("Order %(number)s placed for %(name)s.")
                % {"number": order.number, "name": customer.full_name},
            )
            return redirect("customer_detail", pk=customer.pk)
    return render(
        request,
        "ordering/call_center_order.html",
        {"active_tab": "customers", "customer": customer, "form": form},
        status=400 if form.errors else 200,
    )


def _placed(request: HttpRequest, form: CallCenterOrderForm, customer):
    """The order placed; None with the refusal on the form."""
    try:
        return services.call_center_order_place(
            customer=customer,
            by=request.user,
            items=form.cleaned_data["items"],
            payment_method=form.cleaned_data["payment_method"],
            submission_key=form.submission_key,
            installation=form.cleaned_data["installation"],
        )
    except services.OrderingError as error:
        form.add_error(None, str(error))
    return None
