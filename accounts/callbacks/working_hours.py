"""Working time, for callback promises: the call center answers on working days,
in working hours."""

from datetime import date, datetime, time, timedelta
from functools import cache

from django.utils import timezone


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
