"""The reseller's warranty claims: file one from a unit (or a visit), the
list, a claim with its timeline, its photos.

Every object is fetched through a ``..._visible_to`` selector: another
organisation's claim, or a unit it did not install, answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.aftersales.claim_forms import ClaimForm
from accounts.aftersales.selectors import (
    claim_initial,
    claim_list,
    claim_photos_visible_to,
    claimable_parts,
    claims_visible_to,
    visits_visible_to,
    warranty_of,
)
from accounts.aftersales.services.claim_steps import ClaimError
from accounts.aftersales.services.claims import claim_file
from accounts.customers.models import Installation
from accounts.customers.selectors import installations_visible_to
from accounts.network.rights import may, may_any

PAGE_SIZE = 25


def _require_claims(request: HttpRequest) -> None:
    if not may_any(request.user, "claims.view_own", "claims.view_network"):
        raise Http404


def _unit_and_visit(request: HttpRequest, pk: int):
    """The unit to claim for, and the visit the claim comes from (?visit=)."""
    installation = get_object_or_404(
        installations_visible_to(request.user)
        .filter(status=Installation.Status.SUBMITTED)
        .select_related("appliance", "customer"),
        pk=pk,
    )
    visit = None
    visit_pk = request.GET.get("visit", "")
    if visit_pk.isdigit():
        visit = get_object_or_404(
            visits_visible_to(request.user).filter(installation=installation),
            pk=int(visit_pk),
        )
    return installation, visit


def _claim_filed(request: HttpRequest, form: ClaimForm, installation, visit):
    """File the claim the form holds; None, with the reason on the form, when
    it is refused."""
    data = form.cleaned_data
    try:
        return claim_file(
            installation=installation,
            by=request.user,
            visit=visit,
            part=data["part"],
            quantity=data["quantity"],
            fault_on=data["fault_on"],
            fault_code=data["fault_code"],
            symptom=data["symptom"],
            photos=data["photos"],
        )
    except ClaimError as error:
        form.add_error(None, str(error))
        return None


@login_required
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Claim a part under warranty on one of the organisation's units."""
    if not may(request.user, "claims.file"):
        raise Http404
    installation, visit = _unit_and_visit(request, pk)
    form = ClaimForm(
        request.POST or None,
        request.FILES or None,
        parts=claimable_parts(installation),
        initial=claim_initial(installation, visit=visit),
    )
    if request.method == "POST" and form.is_valid():
        claim = _claim_filed(request, form, installation, visit)
        if claim is not None:
            messages.success(
                request, _("Claim filed: Oxyplus writes to you once it is decided.")
            )
            return redirect("claim_detail", pk=claim.pk)
    return render(
        request,
        "aftersales/claim_form.html",
        {
            "active_tab": "installations",
            "installation": installation,
            "visit": visit,
            "warranty": warranty_of(installation),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def claims(request: HttpRequest) -> HttpResponse:
    """The organisation's warranty claims, newest first."""
    _require_claims(request)
    page = Paginator(claim_list(claims_visible_to(request.user)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "aftersales/claims.html",
        {"active_tab": "installations", "page": page},
    )


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim, its photos and its timeline."""
    _require_claims(request)
    claim = get_object_or_404(
        claim_list(claims_visible_to(request.user)).select_related(
            "visit", "replacement_order", "credit_note", "organisation"
        ),
        pk=pk,
    )
    return render(
        request,
        "aftersales/claim_detail.html",
        {
            "active_tab": "installations",
            "claim": claim,
            "photos": list(claim.photos.all()),
            "events": list(claim.events.select_related("actor")),
        },
    )


@login_required
def claim_photo(request: HttpRequest, token: str) -> HttpResponse:
    """Stream a claim's photo from private storage to someone allowed to see it."""
    photo = get_object_or_404(claim_photos_visible_to(request.user), token=token)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
