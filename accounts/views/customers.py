"""Customers for staff: find one, see their record, export or erase their data."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import services
from ..forms_installations import EraseForm
from ..models import Installation
from ..selectors import customers_visible_to, phone_matches

PAGE_SIZE = 25


def _require_staff(request: HttpRequest) -> None:
    """The call center and managers; anyone else is shown nothing."""
    if not request.user.is_staff or not request.user.has_perm("accounts.view_customer"):
        raise Http404


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    query = request.GET.get("q", "").strip()[:100]
    customers = customers_visible_to(request.user).order_by("last_name", "pk")
    words = query.split()[:5]
    if sum(c.isdigit() for c in query) >= 6:
        # More digits than a postcode: a phone number, spaces or not.
        customers = customers.filter(phone_matches(query))
        words = []
    for word in words:
        customers = customers.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(email__icontains=word)
            | Q(postcode__startswith=word)
            | Q(city__icontains=word)
        )
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/customers.html",
        {"active_tab": "customers", "page": page, "query": query},
    )


def _customer(request: HttpRequest, pk: int):
    _require_staff(request)
    return get_object_or_404(customers_visible_to(request.user), pk=pk)


@login_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _customer(request, pk)
    return render(
        request,
        "accounts/customer_detail.html",
        {
            "active_tab": "customers",
            "customer": customer,
            "installations": Installation.objects.filter(
                customer=customer, status=Installation.Status.SUBMITTED
            ).select_related("appliance", "organisation"),
            "orders": customer.orders.order_by("-placed_at")[:20],
            "audit": customer.audit_entries.select_related("actor")[:20],
            "may_erase": request.user.has_perm("accounts.delete_customer"),
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
    if not request.user.has_perm("accounts.delete_customer"):
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
        "accounts/customer_erase.html",
        {"active_tab": "customers", "customer": customer, "form": form},
        status=400 if form.errors else 200,
    )
