"""The managers' dashboard tells how often a fault is fixed on the first
visit (issue 18, item 7)."""

import secrets
from datetime import date
from decimal import Decimal

import pytest

from accounts.aftersales.models import ServiceVisit
from portal.dashboards.periods import Period
from portal.dashboards.selectors.aftersales import first_visit_fix_rate
from tests.accounts.factories import InstallationFactory

pytestmark = pytest.mark.django_db

OCTOBER = Period(start=date(2026, 10, 1), end=date(2026, 10, 31))
REPAIR, MAINTENANCE = ServiceVisit.Kind.REPAIR, ServiceVisit.Kind.MAINTENANCE


def _visit(unit, day, *, kind=REPAIR, fixed=None):
    return ServiceVisit.objects.create(
        token=secrets.token_hex(16),
        installation=unit,
        organisation=unit.organisation,
        kind=kind,
        visited_on=day,
        fixed=fixed,
    )


def test_only_first_visits_for_a_fault_count(organisation):
    fixed_at_once, came_back, other_month = (
        InstallationFactory(organisation=organisation) for _ in range(3)
    )
    _visit(fixed_at_once, date(2026, 10, 3), fixed=True)
    _visit(came_back, date(2026, 10, 5), fixed=False)
    _visit(came_back, date(2026, 10, 15), fixed=True)  # the same fault again
    _visit(came_back, date(2026, 10, 20), kind=MAINTENANCE)
    _visit(other_month, date(2026, 9, 1), fixed=False)
    _visit(other_month, date(2026, 10, 25), fixed=True)  # 54 days on: a new fault

    fixes = first_visit_fix_rate(period=OCTOBER)

    assert (fixes.first_visits, fixes.fixed) == (3, 2)
    assert fixes.rate == Decimal("66.7")
    assert (
        first_visit_fix_rate(
            period=Period(start=date(2026, 11, 1), end=date(2026, 11, 30))
        ).rate
        is None
    )


def test_the_manager_reads_it_on_the_network_dashboard(client, manager, organisation):
    unit = InstallationFactory(organisation=organisation)
    _visit(unit, date(2026, 10, 3), fixed=True)
    client.force_login(manager)
    page = client.get(
        "/staff/dashboard/", {"start": "2026-10-01", "end": "2026-10-31"}
    ).content.decode()
    kpi = page.split('id="kpi-first-visit-fix"')[1].split("</li>")[0]
    assert "100" in kpi and "1" in kpi
