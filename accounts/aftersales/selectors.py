"""Reads of the after-sales records, each from what the user may see."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.aftersales.models import ServiceVisit
from accounts.aftersales.warranty import Warranty, warranty_compute
from accounts.customers.models import Installation
from accounts.customers.selectors import installations_visible_to
from accounts.network.models import User

_MAINTENANCE = "maintenance_visits"


def visits_visible_to(user: User | AnonymousUser) -> QuerySet[ServiceVisit]:
    """The visits on the units the user may open: a reseller's installations
    (whoever came), the network's, a customer's own."""
    return ServiceVisit.objects.filter(
        installation__in=installations_visible_to(user).values("pk")
    )


def with_maintenance_visits(
    installations: QuerySet[Installation],
) -> QuerySet[Installation]:
    """The units with their maintenance visits' days fetched in one more query,
    so that a list computes every unit's warranty without one query each."""
    visits = ServiceVisit.objects.filter(kind=ServiceVisit.Kind.MAINTENANCE).only(
        "installation_id", "visited_on"
    )
    return installations.select_related("appliance").prefetch_related(
        Prefetch("visits", queryset=visits, to_attr=_MAINTENANCE)
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
