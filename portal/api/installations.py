"""Recorded customer installations: their maintenance schedule, warranty,
the technicians' visits, the warranty claims and the safety notices.

Read through ``installations_visible_to``, as on the installations tab;
drafts are left out. For the customers' privacy, the API gives their name
and town, never their email, phone, address or the installation's photos.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.pagination import paginate

from accounts.aftersales.models import UnitNotice
from accounts.aftersales.selectors import (
    claims_visible_to,
    visits_visible_to,
    with_maintenance_visits,
)
from accounts.customers.models import Installation
from accounts.customers.selectors import (
    installation_search,
    installations_visible_to,
    with_consumables,
)
from accounts.network.models import User
from portal.api.access import not_found, require_any
from portal.api.pagination import PortalPagination
from portal.api.schemas import ErrorOut
from portal.api.unit_schemas import (
    ClaimOut,
    InstallationFilters,
    InstallationOut,
    UnitNoticeOut,
    VisitOut,
    installation_row,
)

router = Router(tags=["Installations"])


def _require_network(user: User) -> None:
    require_any(
        user,
        "installations.view_own",
        "installations.view_network",
        message=_("Installations are shown to members of an active reseller."),
    )


# What ``InstallationOut`` and the warranty read: the rest of a unit (its
# notes, the customer's contact details, the appliance's catalogue texts) is
# never sent, so never loaded either.
_UNIT_FIELDS = (
    "status",
    "serial_number",
    "installed_on",
    "submitted_at",
    "organisation__slug",
    "customer__first_name",
    "customer__last_name",
    "customer__city",
    "appliance__kind",
    "appliance__reference",
    "appliance__name",
    "appliance__warranty_months",
    "appliance__warranty_extension_months",
    "appliance__warranty_max_months",
    "appliance__service_interval_months",
    "appliance__service_window_days",
)


def _units(installations):
    """The units as the API gives them, with what that takes, in a fixed number
    of queries whatever the page size."""
    return (
        with_maintenance_visits(
            with_consumables(installations, part_fields=("reference", "name"))
        )
        .select_related("organisation", "customer")
        .only(*_UNIT_FIELDS)
    )


def _recorded(user: User):
    return _units(installation_search(installations_visible_to(user)))


def _rows(request: HttpRequest, units: list[Installation], **params):
    return [installation_row(unit) for unit in units]


@router.get(
    "",
    response={200: list[InstallationOut], 403: ErrorOut},
    summary="List recorded installations, most recent first",
)
@paginate(PortalPagination, rows=_rows)
def installation_list(request: HttpRequest, filters: Query[InstallationFilters]):
    _require_network(request.user)
    found = installation_search(
        installations_visible_to(request.user),
        query=filters.q,
        due_within_days=filters.due_within_days,
    )
    if filters.appliance:
        found = found.filter(appliance__reference=filters.appliance)
    return _units(found)


@router.get(
    "/{installation_id}",
    response={200: InstallationOut, 403: ErrorOut, 404: ErrorOut},
    summary="One installation with its consumables and next change dates",
)
def installation_get(
    request: HttpRequest, installation_id: int = Path(..., ge=1, le=2**63 - 1)
) -> Installation:
    _require_network(request.user)
    installation = _recorded(request.user).filter(pk=installation_id).first()
    if installation is None:
        raise not_found(
            _("No installation %(id)s visible to you.") % {"id": installation_id}
        )
    return installation_row(installation)


def _unit_or_404(user: User, installation_id: int) -> None:
    if not _recorded(user).filter(pk=installation_id).exists():
        raise not_found(
            _("No installation %(id)s visible to you.") % {"id": installation_id}
        )


@router.get(
    "/{installation_id}/visits",
    response={200: list[VisitOut], 403: ErrorOut, 404: ErrorOut},
    summary="The technicians' maintenance and repair visits on one installation",
)
@paginate(PortalPagination)
def installation_visits(
    request: HttpRequest, installation_id: int = Path(..., ge=1, le=2**63 - 1)
):
    _require_network(request.user)
    _unit_or_404(request.user, installation_id)
    return (
        visits_visible_to(request.user)
        .filter(installation_id=installation_id)
        .select_related("organisation")
        .prefetch_related("parts__part")
    )


@router.get(
    "/{installation_id}/claims",
    response={200: list[ClaimOut], 403: ErrorOut, 404: ErrorOut},
    summary="The warranty claims filed for one installation",
)
@paginate(PortalPagination)
def installation_claims(
    request: HttpRequest, installation_id: int = Path(..., ge=1, le=2**63 - 1)
):
    require_any(
        request.user,
        "claims.view_own",
        "claims.view_network",
        message=_("Warranty claims are shown to installers and to Oxyplus."),
    )
    _unit_or_404(request.user, installation_id)
    return (
        claims_visible_to(request.user)
        .filter(installation_id=installation_id)
        .select_related("part", "replacement_order")
        .order_by("-created_at", "-pk")
    )


@router.get(
    "/{installation_id}/notices",
    response={200: list[UnitNoticeOut], 403: ErrorOut, 404: ErrorOut},
    summary="The safety notices that reached one installation, and what was done",
)
@paginate(PortalPagination)
def installation_notices(
    request: HttpRequest, installation_id: int = Path(..., ge=1, le=2**63 - 1)
):
    _require_network(request.user)
    _unit_or_404(request.user, installation_id)
    return (
        UnitNotice.objects.filter(installation_id=installation_id)
        .select_related("notice")
        .order_by("-notified_at", "-pk")
    )
