"""Reads of the after-sales records, each from what the user may see."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from accounts.aftersales.models import ClaimPhoto, ServiceVisit, WarrantyClaim
from accounts.aftersales.warranty import Warranty, warranty_compute
from accounts.customers.models import Installation
from accounts.customers.selectors import installations_visible_to
from accounts.network.models import User
from accounts.network.rights import may
from accounts.network.selectors import own_organisation_id
from ordering.catalogue.models import Product


def visits_visible_to(user: User | AnonymousUser) -> QuerySet[ServiceVisit]:
    """The visits on the units the user may open: a reseller's installations
    (whoever came), the network's, a customer's own."""
    return ServiceVisit.objects.filter(
        installation__in=installations_visible_to(user).values("pk")
    )


def warranty_of(installation: Installation, *, today: date | None = None) -> Warranty:
    """Where the unit's warranty stands today (one query for its visits)."""
    days = installation.visits.filter(kind=ServiceVisit.Kind.MAINTENANCE).values_list(
        "visited_on", flat=True
    )
    return warranty_compute(
        installed_on=installation.installed_on,
        appliance=installation.appliance,
        maintenance_dates=list(days),
        today=today or timezone.localdate(),
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
