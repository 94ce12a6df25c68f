"""The warranty of a unit: from installation, extended by maintenance visits
made in time, never beyond the longest term."""

from datetime import date

import pytest

from accounts.aftersales.warranty import warranty_compute
from ordering.catalogue.models import Product

INSTALLED = date(2024, 3, 15)


def _appliance(**terms):
    fields = dict(
        kind=Product.Kind.APPLIANCE,
        warranty_months=24,
        warranty_extension_months=12,
        warranty_max_months=60,
        service_interval_months=12,
        service_window_days=60,
    )
    return Product(**{**fields, **terms})


def _warranty(visits=(), today=date(2024, 6, 1), **terms):
    return warranty_compute(
        installed_on=INSTALLED,
        appliance=_appliance(**terms),
        maintenance_dates=visits,
        today=today,
    )


def test_without_visits_the_standard_term_runs_from_installation():
    warranty = _warranty()
    assert (warranty.starts_on, warranty.ends_on) == (INSTALLED, date(2026, 3, 15))
    assert warranty.covers(date(2026, 3, 15))
    assert not warranty.covers(date(2026, 3, 16))
    assert not warranty.covers(date(2024, 3, 14))
    # What keeps it: a visit around the first anniversary.
    window = warranty.next_window
    assert window.due_on == date(2025, 3, 15)
    assert (window.opens_on, window.closes_on) == (date(2025, 1, 14), date(2025, 5, 14))


@pytest.mark.parametrize(
    "visit, extended",
    [
        (date(2025, 1, 14), True),  # first day of the window
        (date(2025, 5, 14), True),  # last day
        (date(2025, 1, 13), False),  # a day early
        (date(2025, 5, 15), False),  # a day late
    ],
)
def test_a_visit_extends_only_inside_the_window(visit, extended):
    warranty = _warranty([visit])
    assert warranty.ends_on == (date(2027, 3, 15) if extended else date(2026, 3, 15))
    assert warranty.extensions == int(extended)


def test_each_yearly_visit_extends_up_to_the_longest_term():
    visits = [date(year, 3, 1) for year in range(2025, 2031)]
    warranty = _warranty(visits, today=date(2029, 1, 1))
    assert warranty.ends_on == date(2029, 3, 15)  # 60 months, not 24 + 6 × 12
    assert warranty.extensions == 3
    assert warranty.next_window is None  # nothing more can extend it


def test_a_missed_year_does_not_lose_the_next_one_while_the_warranty_runs():
    warranty = _warranty([date(2026, 3, 1)], today=date(2026, 1, 1))
    # No visit in 2025, but the 2026 one is made before the end (15 March 2026).
    assert warranty.ends_on == date(2027, 3, 15)


@pytest.mark.parametrize(
    "visit, ends_on",
    [
        (date(2026, 3, 15), date(2027, 3, 15)),  # the warranty's last day
        (date(2026, 3, 16), date(2026, 3, 15)),  # the day after: too late
    ],
)
def test_a_visit_on_the_warranty_s_last_day_still_extends_it(visit, ends_on):
    # No visit in 2025; the 2026 window is open (due 15 March 2026).
    assert _warranty([visit], today=visit).ends_on == ends_on


def test_a_visit_after_the_warranty_ended_extends_nothing():
    # Window of the second due date closes on 14 May 2026, but the warranty
    # ended on 15 March 2026: a visit in April is too late.
    warranty = _warranty([date(2026, 4, 10)], today=date(2026, 4, 10))
    assert warranty.ends_on == date(2026, 3, 15)
    assert not warranty.is_active
    assert warranty.next_window is None


def test_one_visit_counts_once_and_a_month_end_installation_stays_in_its_month():
    warranty = warranty_compute(
        installed_on=date(2024, 1, 31),
        appliance=_appliance(
            warranty_months=1,
            service_interval_months=1,
            service_window_days=0,
            warranty_extension_months=1,
        ),
        maintenance_dates=[date(2024, 2, 29), date(2024, 2, 29)],
        today=date(2024, 2, 1),
    )
    assert warranty.ends_on == date(2024, 3, 29)  # 29 Feb (leap year) + 1 month
    assert warranty.extensions == 1


def test_no_installation_date_or_not_an_appliance_means_no_warranty_known():
    assert not warranty_compute(
        installed_on=None,
        appliance=_appliance(),
        maintenance_dates=[],
        today=INSTALLED,
    ).is_known
    part = _appliance(kind=Product.Kind.CONSUMABLE)
    assert not warranty_compute(
        installed_on=INSTALLED, appliance=part, maintenance_dates=[], today=INSTALLED
    ).is_known


def test_an_appliance_whose_warranty_no_visit_extends_shows_no_window():
    warranty = _warranty([date(2025, 3, 15)], warranty_extension_months=0)
    assert warranty.ends_on == date(2026, 3, 15)
    assert (warranty.extensions, warranty.next_window) == (0, None)
