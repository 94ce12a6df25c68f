"""The staff's decisions on a claim, as forms over the services: approve or
refuse (``claims.decide``), the part received (``claims.receive_return``),
close (``claims.decide``). A refusal by a service (an illegal move, no
address to ship to) shows on the form and writes nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.aftersales.claim_forms import (
    ClaimApproveForm,
    ClaimNoteForm,
    ClaimRefuseForm,
)
from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claim_outcomes import (
    claim_close,
    claim_receive_return,
    claim_refuse,
)
from accounts.aftersales.services.claim_steps import ClaimError
from accounts.aftersales.services.claims import claim_approve
from accounts.network.rights import may


def _claim(request: HttpRequest, pk: int, right: str) -> WarrantyClaim:
    if not may(request.user, right):
        raise PermissionDenied
    return get_object_or_404(
        WarrantyClaim.objects.select_related(
            "organisation", "installation__appliance", "part"
        ),
        pk=pk,
    )


def _posted(request: HttpRequest):
    """The form's data when sent, even empty (an empty note is a note)."""
    return request.POST if request.method == "POST" else None


def _decide(request, claim, form, act, *, title: str, done: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ClaimError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done % {"claim": claim})
            return redirect("warrantyclaim:inspect", claim.pk)
    return TemplateResponse(
        request,
        "aftersales/admin/claim_form.html",
        {"page_title": title, "header_icon": "warning", "claim": claim, "form": form},
        status=400 if form.errors else 200,
    )


def claim_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk, "claims.decide")
    form = ClaimApproveForm(_posted(request))

    def act(data):
        approved = claim_approve(
            claim=claim,
            by=request.user,
            remedy=data["remedy"],
            return_required=data["return_required"],
            instructions=data["instructions"],
            note=data["note"],
        )
        claim.rma_number = approved.rma_number

    return _decide(
        request,
        claim,
        form,
        act,
        title=_("Approve the claim"),
        done=_("Claim %(claim)s approved."),
    )


def claim_refuse_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk, "claims.decide")
    form = ClaimRefuseForm(_posted(request))
    return _decide(
        request,
        claim,
        form,
        lambda data: claim_refuse(claim=claim, by=request.user, reason=data["reason"]),
        title=_("Refuse the claim"),
        done=_("Claim %(claim)s refused."),
    )


def claim_receive_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk, "claims.receive_return")
    form = ClaimNoteForm(_posted(request))
    return _decide(
        request,
        claim,
        form,
        lambda data: claim_receive_return(
            claim=claim, by=request.user, note=data["note"]
        ),
        title=_("Part received"),
        done=_("The part of claim %(claim)s is received."),
    )


def claim_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk, "claims.decide")
    form = ClaimNoteForm(_posted(request))
    return _decide(
        request,
        claim,
        form,
        lambda data: claim_close(claim=claim, by=request.user, note=data["note"]),
        title=_("Close the claim"),
        done=_("Claim %(claim)s closed."),
    )
