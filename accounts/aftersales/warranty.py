"""How long an installed unit is under warranty, and what keeps it.

The rules are the appliance's (catalogue): the warranty runs from the
installation date for ``warranty_months``; every maintenance due date falls
``service_interval_months`` apart, and a maintenance visit made in the window
around a due date (``service_window_days`` either side), while the warranty
still runs, extends it by ``warranty_extension_months``, never beyond
``warranty_max_months`` from installation. A visit counts once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from accounts.customers.schedule import add_months


@dataclass(frozen=True)
class ServiceWindow:
    """A maintenance visit between these two days extends the warranty."""

    due_on: date
    opens_on: date
    closes_on: date


@dataclass(frozen=True)
class Warranty:
    starts_on: date | None
    ends_on: date | None
    extensions: int = 0
    # The next window in which a visit would extend the warranty, seen from
    # ``today``: None when it cannot be extended any more.
    next_window: ServiceWindow | None = None
    today: date | None = None

    @property
    def is_known(self) -> bool:
        return self.ends_on is not None

    def covers(self, day: date) -> bool:
        """Whether a fault on ``day`` is under warranty."""
        return self.is_known and self.starts_on <= day <= self.ends_on

    @property
    def is_active(self) -> bool:
        return self.today is not None and self.covers(self.today)


UNKNOWN = Warranty(starts_on=None, ends_on=None)


def warranty_compute(
    *,
    installed_on: date | None,
    appliance,
    maintenance_dates: Iterable[date],
    today: date,
) -> Warranty:
    """The warranty of a unit of ``appliance`` installed on ``installed_on``,
    given the days of its maintenance visits, as it stands on ``today``."""
    if installed_on is None or appliance is None or not appliance.is_appliance:
        return UNKNOWN
    ends_on = add_months(installed_on, appliance.warranty_months)
    longest = add_months(installed_on, appliance.warranty_max_months)
    interval = appliance.service_interval_months
    margin = timedelta(days=appliance.service_window_days)
    visits = sorted(set(day for day in maintenance_dates if day >= installed_on))
    extensions, next_window, k = 0, None, 1
    extends = interval and appliance.warranty_extension_months
    while extends and ends_on < longest:
        due_on = add_months(installed_on, k * interval)
        opens_on = due_on - margin
        if opens_on > ends_on:
            break  # the warranty ended before this window opened
        # A visit after the warranty ended extends nothing.
        closes_on = min(due_on + margin, ends_on)
        made = next((d for d in visits if opens_on <= d <= closes_on), None)
        if made is not None:
            visits = [d for d in visits if d > made]
            ends_on = min(
                add_months(ends_on, appliance.warranty_extension_months), longest
            )
            extensions += 1
        elif next_window is None and closes_on >= today:
            next_window = ServiceWindow(due_on, opens_on, closes_on)
            # Later windows depend on this visit being made: stop here.
            break
        k += 1
    return Warranty(
        starts_on=installed_on,
        ends_on=ends_on,
        extensions=extensions,
        next_window=next_window,
        today=today,
    )
