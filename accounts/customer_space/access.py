"""Where every page of the customer space starts: the signed-in customer's
record and their own units; anything else answers 404."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.customers.models import Customer, Installation
from accounts.customers.selectors import installations_visible_to
from accounts.network.rights import customer_of
from pages.models import FaultCodePage


def customer_or_404(request: HttpRequest) -> Customer:
    customer = customer_of(request.user)
    if customer is None:
        raise Http404
    return customer


def installation_or_404(request: HttpRequest, pk: int) -> Installation:
    return get_object_or_404(
        installations_visible_to(request.user).select_related(
            "appliance", "organisation"
        ),
        pk=pk,
    )


def space_context(**extra) -> dict:
    return {"active_tab": "customer", **extra}


def fault_codes_of(installation: Installation):
    """The live fault code pages of the unit's appliance, by code."""
    return (
        FaultCodePage.objects.live()
        .filter(appliances=installation.appliance_id)
        .order_by("code", "pk")
    )
