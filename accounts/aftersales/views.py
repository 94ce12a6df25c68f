"""Service visits: the technician's form on a unit, the visit report PDF, and
the visit photos.

Every object is fetched through a visibility selector: another
organisation's or another customer's answers 404.
"""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.aftersales.forms import VisitForm
from accounts.aftersales.models import VisitPhoto
from accounts.aftersales.selectors import visits_visible_to, warranty_of
from accounts.aftersales.services.visit_photos import (
    visit_photo_remove,
    visit_photos_add,
)
from accounts.aftersales.services.visits import (
    VisitError,
    can_record_visits,
    visit_record,
)
from accounts.customers.models import Installation
from accounts.customers.selectors import installations_visible_to
from accounts.network.rights import active_organisation_of
from pages.pdf import html_to_pdf


def _unit(request: HttpRequest, pk: int) -> Installation:
    return get_object_or_404(
        installations_visible_to(request.user)
        .filter(status=Installation.Status.SUBMITTED)
        .select_related("customer", "appliance", "organisation"),
        pk=pk,
    )


def _posted_photos(request: HttpRequest, organisation) -> tuple[list, list]:
    """The form's photos after this post: those sent earlier (by token), less
    those removed, plus the new uploads; and what was refused."""
    tokens = set(request.POST.getlist("photo"))
    removed = set(request.POST.getlist("remove_photo"))
    kept = list(
        VisitPhoto.objects.filter(
            organisation=organisation,
            uploaded_by=request.user,
            visit__isnull=True,
            token__in=tokens,
        ).order_by("created_at", "pk")
    )
    for photo in [p for p in kept if p.token in removed]:
        visit_photo_remove(photo=photo)
    kept = [p for p in kept if p.token not in removed]
    added = visit_photos_add(
        organisation=organisation,
        by=request.user,
        kept=kept,
        uploads=request.FILES.getlist("photos"),
    )
    return added.photos, added.refused


@login_required
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A technician records a maintenance or repair visit on this unit."""
    organisation = active_organisation_of(request.user)
    if organisation is None:
        raise Http404
    installation = _unit(request, pk)
    if not can_record_visits(request.user):
        raise PermissionDenied(_("Only technicians and owners record visits."))
    if request.method != "POST":
        form = VisitForm(installation=installation)
        return _render_form(request, installation, form, photos=[], errors=[])
    form = VisitForm(request.POST, request.FILES, installation=installation)
    photos, errors = _posted_photos(request, organisation)
    if form.is_valid() and not errors:
        try:
            visit = visit_record(
                installation=installation,
                by=request.user,
                details=form.details(),
                photos=photos,
            )
        except VisitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Visit recorded."))
            url = reverse("installation_detail", args=[installation.pk])
            return redirect(f"{url}#visit-{visit.pk}")
    return _render_form(request, installation, form, photos, errors, status=400)


def _render_form(request, installation, form, photos, errors, status=200):
    return render(
        request,
        "aftersales/visit_form.html",
        {
            "active_tab": "installations",
            "installation": installation,
            "form": form,
            "photos": photos,
            "photo_errors": errors,
        },
        status=status,
    )


def _data_url(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


@login_required
def visit_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit report for the customer, with its photos and signature."""
    visit = get_object_or_404(
        visits_visible_to(request.user).select_related(
            "installation__customer",
            "installation__appliance",
            "organisation",
            "technician",
        ),
        pk=pk,
    )
    photos = []
    for photo in visit.photos.all():
        with photo.image.open("rb") as file:
            photos.append(_data_url(file.read(), "image/jpeg"))
    signature = ""
    if visit.signature:
        with visit.signature.open("rb") as file:
            signature = _data_url(file.read(), "image/png")
    html = render_to_string(
        "aftersales/visit_report_pdf.html",
        {
            "visit": visit,
            "installation": visit.installation,
            "parts": list(visit.parts.select_related("part")),
            "photos": photos,
            "signature": signature,
            "warranty": warranty_of(visit.installation),
        },
        request=request,
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = f"visite-{visit.installation.serial_number}-{visit.visited_on:%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def visit_photo(request: HttpRequest, token: str) -> HttpResponse:
    """Stream a visit photo to someone who may see the visit, or to the
    technician whose form it waits on."""
    visible = Q(visit__in=visits_visible_to(request.user).values("pk")) | Q(
        visit__isnull=True, uploaded_by=request.user.pk
    )
    photo = get_object_or_404(VisitPhoto.objects.filter(visible), token=token)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
