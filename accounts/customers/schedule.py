"""When maintenance falls due: consumables in calendar months, as the customer
reads them."""

import calendar
from dataclasses import dataclass
from datetime import date

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
