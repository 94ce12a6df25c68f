"""When things fall due: consumables in calendar months, as the customer reads
them; callbacks in working time, as the call center works."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from django.utils import timezone

# "Maintenance due" means within this many days, on every screen and email.
DUE_SOON_DAYS = 30


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, kept inside the month:
    31 January + 1 month is 28 (or 29) February, on every database."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(last_changed_on: date, interval_months: int | None) -> date | None:
    if not interval_months:
        return None
    return add_months(last_changed_on, interval_months)


@dataclass(frozen=True)
class Due:
    """Where a date stands against today: overdue, due soon or later."""

    on: date | None
    today: date

    @property
    def days_left(self) -> int | None:
        return None if self.on is None else (self.on - self.today).days

    @property
    def is_overdue(self) -> bool:
        return self.on is not None and self.on < self.today

    @property
    def is_soon(self) -> bool:
        left = self.days_left
        return left is not None and 0 <= left <= DUE_SOON_DAYS

    @property
    def state(self) -> str:
        if self.on is None:
            return "none"
        if self.is_overdue:
            return "overdue"
        return "soon" if self.is_soon else "later"


# --- Working time, for callback promises ----------------------------------------


@cache
def _public_holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("FR", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, except French public holidays."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_time(
    start: datetime, *, working_days: int, hours: tuple[int, int]
) -> datetime:
    """``start`` plus so many working days counted in working hours.

    One working day is the length of the working hours (9:00 to 18:00 is
    nine hours): asked on Wednesday at 15:00, the answer is due Thursday at
    15:00; asked on Friday evening or at the weekend, the clock starts on
    Monday morning and the answer is due Monday at 18:00.
    """
    opens, closes = hours
    zone = timezone.get_current_timezone()
    now = timezone.localtime(start, zone)
    remaining = timedelta(hours=(closes - opens) * working_days)

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=zone)

    while True:
        day = now.date()
        if not is_working_day(day) or now >= at(day, closes):
            day += timedelta(days=1)
            while not is_working_day(day):
                day += timedelta(days=1)
            now = at(day, opens)
            continue
        now = max(now, at(day, opens))
        left_today = at(day, closes) - now
        if remaining <= left_today:
            return now + remaining
        remaining -= left_today
        now = at(day, closes)
