"""The period a dashboard covers: calendar days in the portal's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Up to a month, one bar a day; up to half a year, a week; beyond, a month.
DAILY_UP_TO_DAYS = 31
WEEKLY_UP_TO_DAYS = 183
MAX_PERIOD_DAYS = 3 * 366


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class Period:
    """Calendar days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(start=end - timedelta(days=self.days - 1), end=end)

    @property
    def since(self) -> datetime:
        """The first instant of the period, in the portal's time zone."""
        return _local_midnight(self.start)

    @property
    def until(self) -> datetime:
        """The first instant after the period (excluded)."""
        return _local_midnight(self.end + timedelta(days=1))

    @property
    def granularity(self) -> str:
        """How a chart of the period groups its bars: day, week or month."""
        if self.days <= DAILY_UP_TO_DAYS:
            return "day"
        if self.days <= WEEKLY_UP_TO_DAYS:
            return "week"
        return "month"

    @property
    def coarse_granularity(self) -> str:
        """Like ``granularity`` but weeks instead of days: for rates, which
        a day's handful of cases makes jumpy."""
        return "week" if self.granularity == "day" else self.granularity

    def buckets(self, granularity: str = "") -> list[date]:
        """The first day of every bar of a chart of the period, in order, by
        day, week (from Monday) or month; the period's own granularity if
        none is given."""
        kind = granularity or self.granularity
        if kind == "day":
            return [self.start + timedelta(days=n) for n in range(self.days)]
        if kind == "week":
            first = self.start - timedelta(days=self.start.weekday())
            weeks = (self.end - first).days // 7 + 1
            return [first + timedelta(weeks=n) for n in range(weeks)]
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = _first_of_next_month(day)
        return months

    @property
    def slug(self) -> str:
        """For a file name: 2026-11-01_2026-11-30."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def month_to_date(*, today: date | None = None) -> Period:
    """From the first of the current month to today: the dashboards' default."""
    today = today or timezone.localdate()
    return Period(start=today.replace(day=1), end=today)


def last_month(*, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    return Period(start=end.replace(day=1), end=end)


def last_days(days: int, *, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(start=today - timedelta(days=days - 1), end=today)


def presets(*, today: date | None = None) -> list[tuple[str, Period]]:
    """The periods offered as one-click links above the dates."""
    today = today or timezone.localdate()
    return [
        (_("This month"), month_to_date(today=today)),
        (_("Last month"), last_month(today=today)),
        (_("Last 90 days"), last_days(90, today=today)),
    ]
