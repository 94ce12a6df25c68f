"""After-sales figures: installations recorded, maintenance due, open callbacks
and how many callback promises were kept."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.callbacks.models import CallbackRequest
from accounts.customers.models import Installation, InstallationConsumable
from accounts.customers.schedule import DUE_SOON_DAYS
from accounts.network.models import Organisation
from portal.dashboards.periods import Period
from portal.dashboards.selectors.common import date_bucket


def installations_recorded(*, organisation: Organisation, period: Period) -> int:
    """Installations the organisation recorded (submitted) in the period."""
    return Installation.objects.filter(
        organisation=organisation,
        status=Installation.Status.SUBMITTED,
        submitted_at__gte=period.since,
        submitted_at__lt=period.until,
    ).count()


@dataclass(frozen=True)
class MaintenanceDue:
    """Consumables to change on the organisation's installations."""

    due: int
    overdue: int
    within_days: int = DUE_SOON_DAYS


def maintenance_due(
    *,
    organisation: Organisation,
    today: date | None = None,
    within_days: int = DUE_SOON_DAYS,
) -> MaintenanceDue:
    """Consumables due by ``within_days`` from today (overdue ones included
    in ``due``, and also counted apart), on recorded installations, as the
    installations tab's "maintenance due" filter reads them."""
    today = today or timezone.localdate()

    def due_by(**dates) -> Coalesce:
        # Per installation, through the consumables' (installation, next
        # change) index: the work follows the reseller's installations, not
        # the consumables due in the whole network (which PostgreSQL would
        # otherwise read through their date index and then join to the
        # reseller's). COUNT(*), not of the ids, so the index alone answers.
        return Coalesce(
            Subquery(
                InstallationConsumable.objects.filter(
                    installation=OuterRef("pk"), next_due_on__isnull=False, **dates
                )
                .order_by()
                .values("installation")
                .annotate(n=Count("*"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    totals = (
        Installation.objects.filter(
            organisation=organisation, status=Installation.Status.SUBMITTED
        )
        .order_by()
        .annotate(
            due_here=due_by(next_due_on__lte=today + timedelta(days=within_days)),
            overdue_here=due_by(next_due_on__lt=today),
        )
        .aggregate(
            due=Coalesce(Sum("due_here"), 0), overdue=Coalesce(Sum("overdue_here"), 0)
        )
    )
    return MaintenanceDue(
        due=totals["due"], overdue=totals["overdue"], within_days=within_days
    )


@dataclass(frozen=True)
class OpenCallbacks:
    pending: int
    overdue: int


def callbacks_open(
    *, organisation: Organisation, now: datetime | None = None
) -> OpenCallbacks:
    """Callbacks the organisation owns that are open or in progress; overdue:
    those whose due time has passed."""
    now = now or timezone.now()
    totals = CallbackRequest.objects.filter(
        owner_organisation=organisation,
        status__in=(CallbackRequest.Status.OPEN, CallbackRequest.Status.IN_PROGRESS),
    ).aggregate(pending=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    return OpenCallbacks(pending=totals["pending"], overdue=totals["overdue"])


# --- Callback promises ----------------------------------------------------------


@dataclass(frozen=True)
class PromiseRate:
    """Callbacks made by the time promised, among those already decided."""

    kept: int
    decided: int

    @property
    def rate(self) -> Decimal | None:
        """Kept in %, to one decimal; None when nothing was decided."""
        if not self.decided:
            return None
        return (Decimal(self.kept) * 100 / self.decided).quantize(Decimal("0.1"))


def _decided(now: datetime) -> Q:
    # Done, or its due time is past: done or not, its outcome is known.
    return (
        Q(status=CallbackRequest.Status.DONE)
        | Q(status=CallbackRequest.Status.MISSED)
        | Q(due_at__lte=now)
    )


KEPT = Q(status=CallbackRequest.Status.DONE, done_at__lte=F("due_at"))


def _callbacks_due_in(period: Period, organisation: Organisation | None):
    callbacks = CallbackRequest.objects.filter(
        due_at__gte=period.since, due_at__lt=period.until
    )
    if organisation is not None:
        callbacks = callbacks.filter(owner_organisation=organisation)
    return callbacks


def callback_promise_rate(
    *,
    start: date,
    end: date,
    organisation: Organisation | None = None,
    now: datetime | None = None,
) -> PromiseRate:
    """The callback promise-kept rate of the callbacks due from ``start`` to
    ``end`` (calendar days, both included).

    Only callbacks already *decided* count: done (whenever that was), marked
    missed, or whose due time is past at ``now``. A callback still open
    before its due time may yet be kept, so it is left out. Among the
    decided, a promise is *kept* when the callback was done by its due time
    (``done_at <= due_at``); done late, missed, or still open after the due
    time is not kept. ``rate`` = kept / decided, None when nothing was
    decided (shown as "—"). ``organisation``: the callbacks a reseller owns;
    None: the whole network (agents, the shared queue and resellers).
    """
    now = now or timezone.now()
    totals = (
        _callbacks_due_in(Period(start=start, end=end), organisation)
        .filter(_decided(now))
        .aggregate(kept=Count("pk", filter=KEPT), decided=Count("pk"))
    )
    return PromiseRate(kept=totals["kept"], decided=totals["decided"])


@dataclass(frozen=True)
class PromisePoint:
    starts_on: date
    promises: PromiseRate


def callback_promise_series(
    *,
    period: Period,
    organisation: Organisation | None = None,
    now: datetime | None = None,
) -> list[PromisePoint]:
    """``callback_promise_rate`` per week of the due time (per month for a
    period over half a year), in one grouped query."""
    now = now or timezone.now()
    granularity = period.coarse_granularity
    rows = (
        _callbacks_due_in(period, organisation)
        .filter(_decided(now))
        .annotate(bucket=date_bucket("due_at", granularity))
        .values("bucket")
        .annotate(kept=Count("pk", filter=KEPT), decided=Count("pk"))
        .order_by("bucket")
    )
    found = {row["bucket"]: PromiseRate(row["kept"], row["decided"]) for row in rows}
    return [
        PromisePoint(starts_on=day, promises=found.get(day, PromiseRate(0, 0)))
        for day in period.buckets(granularity)
    ]
