"""Recorded installations: the record, its photos, the leave-behind sheet, and
consumables marked changed."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from accounts.customers.models import CustomerLink, Installation
from accounts.customers.selectors import (
    installations_visible_to,
    maintenance_schedule,
    photos_visible_to,
)
from accounts.customers.services.installations import (
    consumable_mark_changed,
)
from accounts.customers.services.installers import (
    InstallationError,
    can_record_installations,
)
from accounts.customers.views.installations import require_installations
from pages.leave_behind import leave_behind_pdf_response
from pages.selectors import technical_sheet_of
from portal.links import absolute_url


def _recorded(request: HttpRequest, pk: int) -> Installation:
    return get_object_or_404(
        installations_visible_to(request.user)
        .filter(status=Installation.Status.SUBMITTED)
        .select_related("customer", "appliance", "organisation", "recorded_by"),
        pk=pk,
    )


@login_required
def installation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_installations(request)
    installation = _recorded(request, pk)
    credited = (
        # Through the relation orders declares on Customer: orders sit above.
        installation.customer.orders.filter(
            credited_organisation=installation.organisation
        )
        .only("number", "placed_at", "status", "total_excl_vat", "currency")
        .order_by("-placed_at")[:10]
    )
    return render(
        request,
        "customers/installation_detail.html",
        {
            "active_tab": "installations",
            "installation": installation,
            "customer": installation.customer,
            "schedule": maintenance_schedule(installation),
            "photos": list(installation.photos.all()),
            "credited_orders": credited,
            "can_mark": can_record_installations(request.user),
            "waits_for_customer": installation.customer_links.filter(
                state=CustomerLink.State.PENDING
            ).exists(),
            "today": timezone.localdate(),
            "unit_panels": unit_panels(request, installation),
        },
    )


def unit_panels(request: HttpRequest, installation: Installation) -> list[str]:
    """What the rooms above add to the unit's page (after-sales: claims,
    visits…), each as HTML from a ``portal_unit_panels`` hook: this room
    never imports theirs."""
    panels = (fn(request, installation) for fn in hooks.get_hooks("portal_unit_panels"))
    return [panel for panel in panels if panel]


@login_required
def installation_photo(request: HttpRequest, token: str) -> HttpResponse:
    """Stream a photo from private storage to someone allowed to see it."""
    photo = get_object_or_404(photos_visible_to(request.user), token=token)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def customer_space_sign_in(installation: Installation) -> dict:
    """Where the sheet's QR code leads: the sign-in by e-mailed code, then this
    appliance's page in the customer space; and that address short, to type."""
    sign_in = absolute_url(reverse("account_request_login_code"))
    next_page = reverse("customer_installation", args=[installation.pk])
    return {
        "customer_space_url": f"{sign_in}?{urlencode({'next': next_page})}",
        "customer_space_address": sign_in.split("://", 1)[-1],
    }


def leave_behind_context(request: HttpRequest, installation: Installation) -> dict:
    rows = [
        {
            "part": row.part,
            "quantity_per_change": row.consumable.quantity,
            "next_change": row.due.on,
        }
        for row in maintenance_schedule(installation)
    ]
    return {
        "installation": installation,
        "appliance": installation.appliance,
        "sheet": technical_sheet_of(installation.appliance),
        "parts": rows,
        "next_changes": True,
        "serial_number": installation.serial_number,
        "customer_name": installation.customer.full_name,
        "installed_on": installation.installed_on,
        "installer": installation.organisation,
        "pdf_url": reverse("installation_leave_behind_pdf", args=[installation.pk]),
        **customer_space_sign_in(installation),
    }


@login_required
def installation_leave_behind(request: HttpRequest, pk: int) -> HttpResponse:
    """The leave-behind sheet filled in for this customer, to print."""
    require_installations(request)
    installation = _recorded(request, pk)
    context = leave_behind_context(request, installation)
    context["active_tab"] = "installations"
    return render(request, "customers/installation_leave_behind.html", context)


@login_required
def installation_leave_behind_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    require_installations(request)
    installation = _recorded(request, pk)
    return leave_behind_pdf_response(
        request,
        leave_behind_context(request, installation),
        filename=f"fiche-{installation.serial_number}.pdf",
    )


@require_POST
@login_required
def consumable_changed(request: HttpRequest, pk: int, consumable_pk: int):
    """A consumable was changed (by the customer, or on a maintenance visit)."""
    installation = get_object_or_404(
        installations_visible_to(request.user).filter(
            status=Installation.Status.SUBMITTED
        ),
        pk=pk,
    )
    consumable = get_object_or_404(installation.consumables, pk=consumable_pk)
    try:
        changed_on = date.fromisoformat(request.POST.get("changed_on", ""))
    except ValueError:
        changed_on = timezone.localdate()
    try:
        consumable_mark_changed(consumable=consumable, on=changed_on, by=request.user)
    except InstallationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(part)s changed on %(date)s: the schedule is updated.")
            % {"part": consumable.part.name, "date": date_format(changed_on)},
        )
    if installation.customer.user_id == request.user.pk:
        return redirect("customer_installation", pk=installation.pk)
    return redirect("installation_detail", pk=installation.pk)
