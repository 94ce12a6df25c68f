"""The customer space: a customer's appliances, schedule, documents, reorders.

Customers sign in with a code sent by email. Everything here starts from
their own record (``customer_of``) and ``installations_visible_to``: another
customer's installation, photo or order answers 404.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.aftersales.notices.selectors import customer_banner
from accounts.aftersales.selectors import unit_visits, warranties_of, warranty_of
from accounts.callbacks import services as callbacks
from accounts.callbacks.selectors import callbacks_visible_to
from accounts.customer_space.access import (
    customer_or_404,
    fault_codes_of,
    installation_or_404,
    space_context,
)
from accounts.customer_space.forms import CustomerContactForm, ReorderForm
from accounts.customers.selectors import (
    installations_visible_to,
    maintenance_schedule,
    with_consumables,
)
from accounts.customers.services.customer_links import (
    CustomerLinkError,
    customer_link_accept,
    customer_link_decline,
    customer_link_for_token,
    customer_link_refusal,
)
from accounts.customers.services.customers import (
    ContactChange,
    CustomerError,
    customer_contact_update,
)
from ordering.catalogue.selectors import prefetch_thumbnails
from ordering.orders import services as ordering_services
from ordering.orders.models import Order
from ordering.payments.views import card_payment_start
from pages.selectors import manual_of

# Ticked on the reorder form, listed in the reminder.
DUE_STATES = {"overdue", "soon"}


@login_required
def customer_home(request: HttpRequest) -> HttpResponse:
    """The appliances installed for the customer, each with what is due."""
    customer = customer_or_404(request)
    installations = list(
        with_consumables(installations_visible_to(request.user))
        .select_related("appliance", "organisation")
        .order_by("-installed_on", "-pk")
    )
    warranties = warranties_of(installations)
    for installation in installations:
        installation.warranty = warranties[installation.pk]
    rows = [(i, maintenance_schedule(i)) for i in installations]
    return render(
        request,
        "customer_space/home.html",
        space_context(
            customer=customer,
            rows=rows,
            orders=Order.objects.filter(customer=customer).order_by("-placed_at")[:5],
            safety_notices=customer_banner(request.user),
            callbacks=callbacks_visible_to(request.user)
            .filter(status__in=callbacks.PENDING)
            .select_related("installation__appliance")
            .order_by("due_at"),
        ),
    )


@login_required
def customer_installation(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_or_404(request)
    installation = installation_or_404(request, pk)
    return render(
        request,
        "customer_space/installation.html",
        space_context(
            customer=customer,
            installation=installation,
            schedule=maintenance_schedule(installation),
            can_mark=True,
            today=timezone.localdate(),
            photos=list(installation.photos.all()),
            manual=manual_of(installation.appliance),
            has_fault_codes=fault_codes_of(installation).exists(),
            warranty=warranty_of(installation),
            visits=unit_visits(installation),
        ),
    )


@login_required
def customer_manual(request: HttpRequest, pk: int) -> HttpResponse:
    """The appliance's start-up manual, inside the customer space."""
    customer_or_404(request)
    installation = installation_or_404(request, pk)
    manual = manual_of(installation.appliance)
    if manual is None:
        raise Http404
    return render(
        request,
        "customer_space/manual.html",
        space_context(installation=installation, manual=manual),
    )


@login_required
def customer_reorder(request: HttpRequest) -> HttpResponse:
    """From the reminder email: the installation with something due, or all."""
    customer_or_404(request)
    installations = list(
        with_consumables(installations_visible_to(request.user)).order_by("-pk")
    )
    due = [i for i in installations if _has_due(maintenance_schedule(i))]
    chosen = due or installations
    if len(chosen) == 1:
        return redirect("customer_installation_reorder", pk=chosen[0].pk)
    return redirect("customer_home")


def _has_due(schedule) -> bool:
    return any(row.due.state in DUE_STATES for row in schedule)


@login_required
def customer_installation_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Order this appliance's consumables; those due are ticked already."""
    customer = customer_or_404(request)
    installation = installation_or_404(request, pk)
    schedule = maintenance_schedule(installation)
    methods = ordering_services.customer_payment_methods()
    error = ""
    posted = request.POST if request.method == "POST" else None
    form = ReorderForm(posted, schedule=schedule)
    if form.is_valid():
        order, error = _reorder_placed(request, form, customer, installation)
        if order is not None:
            messages.success(
                request,
                _("Order %(number)s placed. Thank you!") % {"number": order.number},
            )
            if order.awaits_card_payment:
                return redirect("customer_order_pay", number=order.number)
            return redirect("customer_order", number=order.number)
    return render(
        request,
        "customer_space/reorder.html",
        space_context(
            customer=customer,
            installation=installation,
            rows=_reorder_rows(schedule, form),
            methods=[(m, Order.PaymentMethod(m).label) for m in methods],
            chosen_method=request.POST.get("payment_method", methods[0]),
            submission_key=request.POST.get("submission_key") or uuid.uuid4().hex,
            error=error,
        ),
        status=400 if error else 200,
    )


def _reorder_placed(request, form: ReorderForm, customer, installation):
    """The order placed, or None and why not."""
    try:
        order = ordering_services.customer_order_place(
            customer=customer,
            by=request.user,
            installation=installation,
            items=form.cleaned_data["items"],
            payment_method=form.cleaned_data["payment_method"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except ordering_services.OrderingError as failure:
        return None, str(failure)
    return order, ""


def _reorder_rows(schedule, form: ReorderForm) -> list[dict]:
    """Each consumable with the quantity shown: as posted, else what falls due."""
    prefetch_thumbnails(row.part for row in schedule)
    return [
        {
            "row": row,
            "quantity": form.quantity_posted(row)
            if form.is_bound
            else (row.consumable.quantity if row.due.state in DUE_STATES else 0),
            "price": row.part.unit_price * (1 + row.part.vat_rate / 100),
        }
        for row in schedule
    ]


def _order(request: HttpRequest, number: str) -> Order:
    customer = customer_or_404(request)
    return get_object_or_404(
        Order.objects.filter(customer=customer).prefetch_related("lines", "events"),
        number=number,
    )


@login_required
def customer_orders(request: HttpRequest) -> HttpResponse:
    customer = customer_or_404(request)
    return render(
        request,
        "customer_space/orders.html",
        space_context(
            active_tab="customer_orders",
            customer=customer,
            orders=Order.objects.filter(customer=customer).order_by("-placed_at"),
        ),
    )


@login_required
def customer_order(request: HttpRequest, number: str) -> HttpResponse:
    order = _order(request, number)
    return render(
        request,
        "customer_space/order.html",
        space_context(
            active_tab="customer_orders",
            order=order,
            iban=settings.PORTAL_BANK_IBAN,
            bic=settings.PORTAL_BANK_BIC,
        ),
    )


@login_required
def customer_order_pay(request: HttpRequest, number: str) -> HttpResponse:
    """Send the customer to Stripe Checkout for a card order."""
    order = _order(request, number)
    return card_payment_start(request, order, back="customer_order")


@login_required
def customer_contact(request: HttpRequest) -> HttpResponse:
    """The customer corrects their phone or address: the installer sees it too."""
    customer = customer_or_404(request)
    form = CustomerContactForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        try:
            customer_contact_update(
                customer=customer,
                by=request.user,
                change=ContactChange(
                    phone=form.cleaned_data["phone"],
                    line1=form.cleaned_data["line1"],
                    line2=form.cleaned_data["line2"],
                    postcode=form.cleaned_data["postcode"],
                    city=form.cleaned_data["city"],
                ),
            )
        except CustomerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("customer_home")
    return render(
        request,
        "customer_space/contact.html",
        space_context(active_tab="customer_contact", customer=customer, form=form),
        status=400 if form.errors else 200,
    )


def customer_link(request: HttpRequest, token: str) -> HttpResponse:
    """The customer answers an installer's request to join an installation to
    their record; the e-mailed link is the proof that the address is theirs."""
    link = customer_link_for_token(token=token[:100])
    if link is None:
        return _link_page(request, error=_("This link is not valid."), status=404)
    if request.method == "POST":
        return _link_answered(request, token)
    error = customer_link_refusal(link)
    return _link_page(
        request, link=link, error=error, status=200 if error is None else 410
    )


def _link_page(request: HttpRequest, *, status: int, **context) -> HttpResponse:
    return render(request, "customer_space/link.html", context, status=status)


def _link_answered(request: HttpRequest, token: str) -> HttpResponse:
    answer = request.POST.get("answer")
    if answer not in {"accept", "decline"}:
        return redirect("customer_link", token=token)
    try:
        if answer == "accept":
            customer_link_accept(token=token)
        else:
            customer_link_decline(token=token)
    except CustomerLinkError as error:
        return _link_page(request, error=str(error), status=409)
    if answer == "accept":
        messages.success(
            request,
            _(
                "Thank you: the appliance is added to your record. Sign in to "
                "your customer space to see it."
            ),
        )
    else:
        messages.info(request, _("Understood: nothing changed on your record."))
    return redirect("account_request_login_code")
