"""After-sales figures of the managers' dashboard: how often a technician
fixes a fault on the first visit."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from accounts.aftersales.models import ServiceVisit
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
    (no repair visit on the unit in the 30 days before) and say whether it was
    fixed, how many fixed it. One query."""
    repairs = ServiceVisit.objects.filter(kind=ServiceVisit.Kind.REPAIR)
    earlier = repairs.filter(
        installation_id=OuterRef("installation_id"),
        visited_on__lt=OuterRef("visited_on"),
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
