"""Reads of the safety notices, each from what the user may see."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.aftersales.models import UnitNotice
from accounts.customers.models import Installation
from accounts.network.models import User
from accounts.network.rights import may
from accounts.network.selectors import own_organisation_id
from pages.models import SafetyNoticePage

# Banners shown on a home at most; the rest wait for these to be acknowledged.
BANNER_SHOWN = 5


def unit_notices_visible_to(user: User | AnonymousUser) -> QuerySet[UnitNotice]:
    """The unit notices the user acts on: an installer's (owner, technician)
    on their organisation's units; a consenting customer's on their own."""
    live = UnitNotice.objects.filter(notice__live=True)
    if may(user, "notices.acknowledge"):
        return live.filter(installation__organisation_id=own_organisation_id(user))
    if may(user, "customer_space.use"):
        return live.filter(
            installation__status=Installation.Status.SUBMITTED,
            installation__customer__user_id=user.pk,
            installation__customer__erased_at__isnull=True,
            installation__customer__shares_record=True,
        )
    return UnitNotice.objects.none()


def _banner(rows: QuerySet[UnitNotice]) -> list[UnitNotice]:
    return list(
        rows.select_related("notice", "installation__appliance").order_by(
            "due_on", "pk"
        )[:BANNER_SHOWN]
    )


def installer_banner(user: User | AnonymousUser) -> list[UnitNotice]:
    """The notices an installer has not acted on yet (unread ones first in
    the template): one query."""
    if not may(user, "notices.acknowledge"):
        return []
    return _banner(unit_notices_visible_to(user).filter(done_at__isnull=True))


def customer_banner(user: User | AnonymousUser) -> list[UnitNotice]:
    """The notices on a customer's units they have not read yet."""
    if not may(user, "customer_space.use"):
        return []
    return _banner(unit_notices_visible_to(user).filter(customer_read_at__isnull=True))


def notices_followed(user: User | AnonymousUser) -> QuerySet[SafetyNoticePage]:
    """Every published notice with its figures, for the managers (one query)."""
    if not may(user, "notices.follow"):
        return SafetyNoticePage.objects.none()
    today = timezone.localdate()
    return (
        SafetyNoticePage.objects.filter(live=True)
        .annotate(**_figures("unit_notices__", today=today))
        .order_by("-first_published_at", "-pk")
    )


def _figures(prefix: str, *, today: date) -> dict:
    def count(condition: Q | None = None):
        return Count(f"{prefix}pk", filter=condition, distinct=False)

    return {
        "units": count(),
        "read": count(Q(**{f"{prefix}read_at__isnull": False})),
        "done": count(Q(**{f"{prefix}done_at__isnull": False})),
        "overdue": count(
            Q(**{f"{prefix}done_at__isnull": True, f"{prefix}due_on__lt": today})
        ),
    }


@dataclass(frozen=True)
class Totals:
    units: int
    read: int
    done: int
    overdue: int


def notice_totals(notice: SafetyNoticePage) -> Totals:
    """The notice's figures across the network (one query)."""
    return Totals(
        **UnitNotice.objects.filter(notice=notice).aggregate(
            **_figures("", today=timezone.localdate())
        )
    )


def notice_by_reseller(notice: SafetyNoticePage) -> QuerySet:
    """One row per reseller: its name and figures (one query)."""
    return (
        UnitNotice.objects.filter(notice=notice)
        .values("installation__organisation_id", "installation__organisation__name")
        .annotate(**_figures("", today=timezone.localdate()))
        .order_by("installation__organisation__name", "installation__organisation_id")
    )


def notice_units(notice: SafetyNoticePage, *, overdue_only: bool = False):
    """The notice's units, overdue first, with what the page shows of them."""
    rows = UnitNotice.objects.filter(notice=notice).select_related(
        "installation__appliance",
        "installation__organisation",
        "read_by",
        "done_by",
    )
    if overdue_only:
        rows = rows.filter(done_at__isnull=True, due_on__lt=timezone.localdate())
    return rows.order_by("done_at", "due_on", "pk")
