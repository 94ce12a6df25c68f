"""After-sales figures of the managers' dashboard: how often a technician
fixes a fault on the first visit, the warranty claims by appliance and fault
code, and how far the safety notices are done."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, UnitNotice, WarrantyClaim
from portal.dashboards.periods import Period

# A repair visit within this many days of another on the same unit is a
# second visit for the same fault.
SAME_FAULT_DAYS = 30


@dataclass(frozen=True)
class FixRate:
    """Repair visits that were the first for their fault, and those of them
    that fixed it then."""

    first_visits: int
    fixed: int

    @property
    def rate(self) -> Decimal | None:
        """Fixed in %, to one decimal; None when no first visit was made."""
        if not self.first_visits:
            return None
        return (Decimal(self.fixed) * 100 / self.first_visits).quantize(Decimal("0.1"))


def first_visit_fix_rate(*, period: Period) -> FixRate:
    """Among the repair visits of the period that came first for their fault
    (no repair visit on the unit in the 30 days before, nor recorded before
    it on the same day) and say whether it was fixed, how many fixed it. One
    query."""
    repairs = ServiceVisit.objects.filter(kind=ServiceVisit.Kind.REPAIR)
    earlier = repairs.filter(
        Q(visited_on__lt=OuterRef("visited_on"))
        | Q(visited_on=OuterRef("visited_on"), pk__lt=OuterRef("pk")),
        installation_id=OuterRef("installation_id"),
        visited_on__gte=OuterRef("visited_on") - timedelta(days=SAME_FAULT_DAYS),
    )
    totals = (
        repairs.filter(
            visited_on__gte=period.start,
            visited_on__lte=period.end,
            fixed__isnull=False,
        )
        .exclude(Exists(earlier))
        .aggregate(first=Count("pk"), fixed=Count("pk", filter=Q(fixed=True)))
    )
    return FixRate(first_visits=totals["first"], fixed=totals["fixed"])


CLAIMS_SHOWN = 10
ACCEPTED = (
    WarrantyClaim.Status.APPROVED,
    WarrantyClaim.Status.PART_RETURNED,
    WarrantyClaim.Status.CLOSED,
)


@dataclass(frozen=True)
class ClaimGroup:
    appliance: str
    fault_code: str
    claims: int
    accepted: int
    refused: int


def claims_by_model(*, period: Period) -> list[ClaimGroup]:
    """The claims filed in the period by appliance and fault code, the most
    claimed first (the first ten). One query."""
    rows = (
        WarrantyClaim.objects.filter(
            created_at__gte=period.since, created_at__lt=period.until
        )
        .values(appliance=F("installation__appliance__name"), code=F("fault_code"))
        .annotate(
            claims=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
            refused=Count("pk", filter=Q(status=WarrantyClaim.Status.REFUSED)),
        )
        .order_by("-claims", "appliance", "code")[:CLAIMS_SHOWN]
    )
    return [
        ClaimGroup(r["appliance"], r["code"], r["claims"], r["accepted"], r["refused"])
        for r in rows
    ]


@dataclass(frozen=True)
class NoticeCompletion:
    """The units every safety notice reached, done, and past their due day."""

    units: int
    done: int
    overdue: int

    @property
    def rate(self) -> Decimal | None:
        if not self.units:
            return None
        return (Decimal(self.done) * 100 / self.units).quantize(Decimal("0.1"))


def notice_completion() -> NoticeCompletion:
    """Where the safety notices stand today, over every unit notified. One
    query."""
    totals = UnitNotice.objects.aggregate(
        units=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        overdue=Count(
            "pk", filter=Q(done_at__isnull=True, due_on__lt=timezone.localdate())
        ),
    )
    return NoticeCompletion(**totals)
