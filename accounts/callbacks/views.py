"""Callback requests: the agents' queue, one request's page, and the forms
through which customers, resellers and agents ask for one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.callbacks import services
from accounts.callbacks.forms import (
    CallbackAssignForm,
    CallbackCompleteForm,
    CallbackForm,
    ResellerCallbackForm,
    StaffCallbackForm,
)
from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.selectors import (
    DUE_FILTERS,
    UNASSIGNED,
    callbacks_pending,
    callbacks_visible_to,
    due_filter,
)
from accounts.customers.selectors import customers_visible_to, installations_visible_to
from accounts.network.rights import active_organisation_of, customer_of, may

PAGE_SIZE = 25
Status = CallbackRequest.Status

# Lazy: the words follow each request's language, not the first one's.
QUEUE_VIEWS = {
    "all": gettext_lazy("Everything to do"),
    "mine": gettext_lazy("Mine"),
    "queue": gettext_lazy("Nobody's yet"),
    "resellers": gettext_lazy("Given to resellers"),
    "done": gettext_lazy("Done"),
}
RESELLER_VIEWS = {
    "all": QUEUE_VIEWS["all"],
    "ours": gettext_lazy("Ours to make"),
    "done": QUEUE_VIEWS["done"],
}
DUE_LABELS = {
    "overdue": gettext_lazy("Overdue only"),
    "today": gettext_lazy("Still due today only"),
}


def _require_agent(request: HttpRequest) -> None:
    if not may(request.user, "callbacks.view_network"):
        raise Http404


def _tab(request: HttpRequest) -> str:
    """Agents work callbacks in their own tab; resellers under installations."""
    if may(request.user, "callbacks.view_network"):
        return "callbacks"
    return "installations"


def _done(callbacks):
    """Callbacks made, the latest first."""
    return (
        callbacks.filter(status=Status.DONE)
        .select_related("customer", "installation__appliance", "owner")
        .order_by("-done_at", "-pk")
    )


@login_required
def callback_queue(request: HttpRequest) -> HttpResponse:
    """The agents' queue, soonest due first; overdue and missed stand out."""
    _require_agent(request)
    show = request.GET.get("show", "all")
    if show not in QUEUE_VIEWS:
        show = "all"
    due = request.GET.get("due", "")
    due = due if due in DUE_FILTERS and show != "done" else ""
    now = timezone.now()
    callbacks = callbacks_visible_to(request.user)
    if show == "done":
        callbacks = _done(callbacks)
    else:
        callbacks = callbacks_pending(callbacks).filter(due_filter(due, now=now))
        if show == "mine":
            callbacks = callbacks.filter(owner=request.user)
        elif show == "queue":
            callbacks = callbacks.filter(UNASSIGNED)
        elif show == "resellers":
            callbacks = callbacks.filter(owner_organisation__isnull=False)
    page = Paginator(callbacks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "callbacks/callbacks.html",
        {
            "active_tab": "callbacks",
            "page": page,
            "show": show,
            "views": QUEUE_VIEWS,
            "due": DUE_LABELS.get(due, ""),
            "now": now,
            "staff_queue": True,
        },
    )


@login_required
def reseller_callbacks(request: HttpRequest) -> HttpResponse:
    """A reseller's callbacks: those its team keeps and those about its customers."""
    if not may(request.user, "callbacks.view_own"):
        raise Http404
    show = request.GET.get("show", "all")
    show = show if show in RESELLER_VIEWS else "all"
    callbacks = callbacks_visible_to(request.user)
    callbacks = _done(callbacks) if show == "done" else callbacks_pending(callbacks)
    if show == "ours":
        callbacks = callbacks.filter(
            owner_organisation=active_organisation_of(request.user)
        )
    page = Paginator(callbacks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "callbacks/callbacks.html",
        {
            "active_tab": "installations",
            "page": page,
            "show": show,
            "views": RESELLER_VIEWS,
            "now": timezone.now(),
        },
    )


def _callback(request: HttpRequest, pk: int) -> CallbackRequest:
    if customer_of(request.user) is not None:
        raise Http404  # customers read theirs in their space
    return get_object_or_404(
        callbacks_visible_to(request.user).select_related(
            "customer",
            "installation__appliance",
            "installation__organisation",
            "owner",
            "owner_organisation",
            "created_by",
        ),
        pk=pk,
    )


@login_required
def callback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    callback = _callback(request, pk)
    may_act = services.callback_may_act(callback=callback, user=request.user)
    return render(
        request,
        "callbacks/callback_detail.html",
        {
            "active_tab": _tab(request),
            "callback": callback,
            "may_act": may_act,
            "complete_form": CallbackCompleteForm(),
            "assign_form": CallbackAssignForm(
                initial={
                    "owner": callback.owner_id,
                    "owner_organisation": callback.owner_organisation_id,
                }
            )
            if may_act and may(request.user, "callbacks.assign")
            else None,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def callback_take(request: HttpRequest, pk: int) -> HttpResponse:
    callback = _callback(request, pk)
    try:
        services.callback_take(callback=callback, by=request.user)
    except services.CallbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are on it: the customer waits for your call."))
    return redirect("callback_detail", pk=callback.pk)


@login_required
@require_POST
def callback_complete(request: HttpRequest, pk: int) -> HttpResponse:
    callback = _callback(request, pk)
    form = CallbackCompleteForm(request.POST)
    if form.is_valid():
        try:
            services.callback_complete(
                callback=callback,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
            )
        except services.CallbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Marked done. Thank you."))
            return redirect("callback_detail", pk=callback.pk)
    # The outcome typed comes back with the message.
    return render(
        request,
        "callbacks/callback_detail.html",
        {
            "active_tab": _tab(request),
            "callback": callback,
            "may_act": services.callback_may_act(callback=callback, user=request.user),
            "complete_form": form,
            "now": timezone.now(),
        },
        status=400,
    )


@login_required
@require_POST
def callback_assign(request: HttpRequest, pk: int) -> HttpResponse:
    callback = _callback(request, pk)
    form = CallbackAssignForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        for error in errors or [_("Choose who calls back.")]:
            messages.error(request, error)
        return redirect("callback_detail", pk=callback.pk)
    try:
        services.callback_assign(
            callback=callback,
            by=request.user,
            **form.ownership(),
        )
    except services.CallbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The callback has a new owner."))
    return redirect("callback_detail", pk=callback.pk)


# --- Asking for a callback -------------------------------------------------------


def _record(
    request, form, *, customer, installation=None, **owner
) -> CallbackRequest | None:
    """The service's answer; its refusal is added to the form, a duplicate
    is said as a message."""
    try:
        callback = services.callback_request(
            customer=customer,
            by=request.user,
            details=form.details_for_service(installation),
            **owner,
        )
    except services.DuplicateCallbackError as error:
        messages.info(request, str(error))
        return None
    except services.CallbackError as error:
        form.add_error(None, str(error))
        return None
    return callback


@login_required
def staff_callback_new(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent schedules a callback from the customer's page, during the call."""
    _require_agent(request)
    customer = get_object_or_404(customers_visible_to(request.user), pk=pk)
    installations = installations_visible_to(request.user).filter(customer=customer)
    form = StaffCallbackForm(
        request.POST or None,
        installations=installations,
        initial={
            "phone": customer.phone,
            "owner": request.user.pk,
            "installation": request.GET.get("installation"),
        },
    )
    if request.method == "POST" and form.is_valid():
        callback = _record(
            request,
            form,
            customer=customer,
            due_at=form.cleaned_data["due_at"],
            **form.ownership(),
        )
        if callback is not None:
            messages.success(request, _("Callback scheduled."))
            return redirect("customer_detail", pk=customer.pk)
    return render(
        request,
        "callbacks/callback_form.html",
        {"active_tab": "customers", "form": form, "customer": customer},
        status=400 if form.errors else 200,
    )


@login_required
def reseller_callback_new(request: HttpRequest) -> HttpResponse:
    """A reseller asks for a callback from an installation or a fault code."""
    organisation = active_organisation_of(request.user)
    if organisation is None or not may(request.user, "callbacks.request"):
        raise Http404
    installations = installations_visible_to(request.user).filter(status="submitted")
    installation = None
    if request.GET.get("installation", "").isdigit():
        installation = get_object_or_404(
            installations.select_related("customer", "appliance"),
            pk=request.GET["installation"],
        )
    form = _reseller_form(request, installation, installations)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["who_calls"] == "us"
        callback = _record(
            request,
            form,
            customer=form.installation.customer,
            installation=form.installation,
            owner_organisation=organisation if keep else None,
        )
        if callback is not None:
            messages.success(request, _reseller_recorded(callback, keep))
            return redirect("reseller_callbacks")
    return render(
        request,
        "callbacks/callback_form.html",
        {
            "active_tab": "installations",
            "form": form,
            "installation": installation or form.installation,
        },
        status=400 if form.errors else 200,
    )


def _reseller_form(request, installation, installations) -> ResellerCallbackForm:
    """Filled in from the installation or the fault code the reseller came from."""
    fault_code = request.GET.get("fault_code", "")[:12]
    return ResellerCallbackForm(
        request.POST or None,
        installation=installation,
        installations=installations,
        initial={
            "phone": installation.customer.phone if installation else "",
            "fault_code": fault_code,
            "reason": CallbackRequest.Reason.FAULT if fault_code else None,
        },
    )


def _reseller_recorded(callback: CallbackRequest, kept: bool) -> str:
    text = (
        _("Callback recorded: your team calls the customer by %(due)s.")
        if kept
        else _("Callback recorded: Oxyplus calls the customer by %(due)s.")
    )
    return text % {"due": services.moment_display(callback.due_at)}


@login_required
def customer_callback_new(request: HttpRequest) -> HttpResponse:
    """The customer asks to be called back, from their space."""
    customer = customer_of(request.user)
    if customer is None:
        raise Http404
    installations = installations_visible_to(request.user)
    form = CallbackForm(
        request.POST or None,
        installations=installations,
        initial={
            "phone": customer.phone,
            "installation": request.GET.get("installation"),
        },
    )
    if request.method == "POST" and form.is_valid():
        callback = _record(request, form, customer=customer)
        if callback is not None or not form.errors:
            if callback is not None:
                messages.success(request, _("Thank you: we will call you back."))
            return redirect("customer_home")
    return render(
        request,
        "callbacks/callback_form.html",
        {"active_tab": "customer", "form": form, "customer_space": True},
        status=400 if form.errors else 200,
    )
