"""Reads of the after-sales records, each from what the user may see."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from accounts.aftersales.models import ClaimPhoto, ServiceVisit, WarrantyClaim
from accounts.aftersales.warranty import Warranty, warranty_compute
from accounts.callbacks.models import CallbackRequest
from accounts.customers.models import Installation
from accounts.customers.selectors import installations_visible_to
from accounts.network.models import User
from accounts.network.rights import may
from accounts.network.selectors import own_organisation_id
from ordering.catalogue.models import Product

_MAINTENANCE = "maintenance_visits"


def visits_visible_to(user: User | AnonymousUser) -> QuerySet[ServiceVisit]:
    """The visits on the units the user may open: a reseller's installations
    (whoever came), the network's, a customer's own."""
    return ServiceVisit.objects.filter(
        installation__in=installations_visible_to(user).values("pk")
    )


def _maintenance_visits() -> Prefetch:
    visits = ServiceVisit.objects.filter(kind=ServiceVisit.Kind.MAINTENANCE).only(
        "installation_id", "visited_on"
    )
    return Prefetch("visits", queryset=visits, to_attr=_MAINTENANCE)


def with_maintenance_visits(
    installations: QuerySet[Installation],
) -> QuerySet[Installation]:
    """The units with their maintenance visits' days fetched in one more query,
    so that a list computes every unit's warranty without one query each."""
    return installations.select_related("appliance").prefetch_related(
        _maintenance_visits()
    )


def warranty_of(installation: Installation, *, today: date | None = None) -> Warranty:
    """Where the unit's warranty stands today (one query for its visits,
    none when they came with ``with_maintenance_visits``)."""
    visits = getattr(installation, _MAINTENANCE, None)
    if visits is None:
        days = list(
            installation.visits.filter(kind=ServiceVisit.Kind.MAINTENANCE).values_list(
                "visited_on", flat=True
            )
        )
    else:
        days = [visit.visited_on for visit in visits]
    return warranty_compute(
        installed_on=installation.installed_on,
        appliance=installation.appliance,
        maintenance_dates=days,
        today=today or timezone.localdate(),
    )


def warranties_of(
    installations: Iterable[Installation], *, today: date | None = None
) -> dict[int, Warranty]:
    """Each unit's warranty by its id: one query for all their visits (the
    units already fetched get them as ``with_maintenance_visits`` gives)."""
    installations = list(installations)
    prefetch_related_objects(installations, _maintenance_visits())
    today = today or timezone.localdate()
    return {i.pk: warranty_of(i, today=today) for i in installations}


def unit_visits(installation: Installation) -> list[ServiceVisit]:
    """The unit's visits, latest first, with who came and the parts fitted
    (two queries however many there are)."""
    return list(
        installation.visits.select_related("organisation", "technician")
        .prefetch_related("parts__part")
        .order_by("-visited_on", "-pk")
    )


def claims_visible_to(user: User | AnonymousUser) -> QuerySet[WarrantyClaim]:
    """Every claim for the call center and managers, a reseller's own for its
    owner and technicians, none for anybody else."""
    if may(user, "claims.view_network"):
        return WarrantyClaim.objects.all()
    if may(user, "claims.view_own"):
        return WarrantyClaim.objects.filter(organisation_id=own_organisation_id(user))
    return WarrantyClaim.objects.none()


def claim_photos_visible_to(user: User | AnonymousUser) -> QuerySet[ClaimPhoto]:
    return ClaimPhoto.objects.filter(claim__in=claims_visible_to(user).values("pk"))


def claim_list(claims: QuerySet[WarrantyClaim]) -> QuerySet[WarrantyClaim]:
    """Claims as a list shows them: one query for the page, whatever its size."""
    return claims.select_related(
        "installation__appliance", "installation__customer", "part", "filed_by"
    )


def claimable_parts(installation: Installation) -> QuerySet[Product]:
    """The parts that fit the unit's appliance (the compatibility table)."""
    return Product.objects.filter(
        fits__appliance_id=installation.appliance_id, is_active=True
    ).order_by("kind", "reference")


def claim_initial(
    installation: Installation, *, visit: ServiceVisit | None = None
) -> dict:
    """What the claim form knows already: a visit's date and fault code, and
    the first part fitted on it that fits the unit."""
    if visit is None:
        return {"fault_on": timezone.localdate()}
    initial = {"fault_on": visit.visited_on, "fault_code": visit.fault_code}
    fits = {p.pk for p in claimable_parts(installation)}
    used = [vp for vp in visit.parts.all() if vp.part_id in fits]
    if used:
        initial.update(part=used[0].part_id, quantity=used[0].quantity)
    if visit.notes:
        initial["symptom"] = visit.notes
    return initial


def visit_requests(installation: Installation, *, shown: int = 5) -> list:
    """The latest faults triaged on the unit that asked for a technician (the
    callbacks ``triage.visit_ask`` made), with what they said: the same
    triage for the installer, the call center and the customer."""
    return list(
        CallbackRequest.objects.filter(
            installation=installation, reason=CallbackRequest.Reason.FAULT
        )
        .select_related("owner_organisation")
        .order_by("-created_at", "-pk")[:shown]
    )
