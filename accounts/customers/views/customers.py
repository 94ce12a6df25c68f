"""Customers for staff: find one, see their record, export or erase their data."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.customers.customer360 import (
    customer_find,
    customer_installations,
    customer_timeline,
)
from accounts.customers.forms import EraseForm
from accounts.customers.panels import unit_summaries
from accounts.customers.selectors import customers_visible_to
from accounts.customers.services import customers as services
from accounts.network.rights import may
from portal.pagination import searched_page

PAGE_SIZE = 25


def _require_network(request: HttpRequest) -> None:
    """The call center and managers; anyone else is shown nothing."""
    if not may(request.user, "customers.view_network"):
        raise Http404


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    _require_network(request)
    query = request.GET.get("q", "").strip()[:100]
    customers = customer_find(customers_visible_to(request.user), query=query).order_by(
        "last_name", "first_name", "pk"
    )
    page = searched_page(customers, request, query=query, per_page=PAGE_SIZE)
    return render(
        request,
        "customers/customers.html",
        {"active_tab": "customers", "page": page, "query": query},
    )


def _customer(request: HttpRequest, pk: int):
    _require_network(request)
    return get_object_or_404(customers_visible_to(request.user), pk=pk)


@login_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Customer 360: everything every channel did with them, and what to do next."""
    customer = _customer(request, pk)
    installations = customer_installations(customer)
    unit_summaries(request, installations)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "active_tab": "customers",
            "customer": customer,
            "installations": installations,
            # Through the relation callbacks declares on Customer: the
            # callbacks room sits above this one.
            "callbacks": customer.callbacks.pending(),
            "timeline": customer_timeline(
                customer=customer, installations=installations
            ),
            "now": timezone.now(),
        },
    )


@login_required
def customer_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on the customer as a JSON file; the export is logged."""
    customer = _customer(request, pk)
    data = services.customer_export(customer=customer, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="client-{customer.pk}-{stamp}.json"'
    )
    return response


@login_required
def customer_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for a reason and a confirmation, then anonymise the customer."""
    customer = _customer(request, pk)
    if not may(request.user, "customers.erase"):
        raise PermissionDenied(_("Only managers erase a customer's data."))
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_erase(
                customer=customer, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.CustomerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The customer's personal data was erased; orders are kept."),
            )
            return redirect("customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/customer_erase.html",
        {"active_tab": "customers", "customer": customer, "form": form},
        status=400 if form.errors else 200,
    )
