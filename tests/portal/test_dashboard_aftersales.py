"""The managers' dashboard tells how often a fault is fixed on the first
visit, the warranty claims per appliance and fault code, and how far the
safety notices are done (issue 18, item 7)."""

import secrets
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, UnitNotice
from accounts.aftersales.services.claim_outcomes import claim_refuse
from portal.dashboards.periods import Period
from portal.dashboards.selectors.aftersales import (
    claims_by_model,
    first_visit_fix_rate,
    notice_completion,
)
from tests.accounts.aftersales.factories import (
    filed_claim,
    safety_notice,
    unit_with_part,
)
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


def test_a_repair_within_thirty_days_of_another_is_the_same_fault(organisation):
    within, beyond = (InstallationFactory(organisation=organisation) for _ in range(2))
    _visit(within, date(2026, 9, 20), fixed=False)
    _visit(within, date(2026, 10, 20), fixed=True)  # 30 days on: a second visit
    _visit(beyond, date(2026, 9, 19), fixed=False)
    _visit(beyond, date(2026, 10, 20), fixed=True)  # 31 days on: a new fault
    _visit(beyond, date(2026, 10, 21))  # fixed unknown: not counted

    fixes = first_visit_fix_rate(period=OCTOBER)

    assert (fixes.first_visits, fixes.fixed, fixes.rate) == (1, 1, Decimal("100.0"))


def test_a_second_repair_on_the_same_day_is_not_a_first_visit(organisation):
    unit = InstallationFactory(organisation=organisation)
    _visit(unit, date(2026, 10, 5), fixed=False)
    _visit(unit, date(2026, 10, 5), fixed=True)  # came back in the afternoon

    fixes = first_visit_fix_rate(period=OCTOBER)

    assert (fixes.first_visits, fixes.fixed, fixes.rate) == (1, 0, Decimal("0.0"))


def test_the_manager_reads_it_on_the_network_dashboard(client, manager, organisation):
    unit = InstallationFactory(organisation=organisation)
    _visit(unit, date(2026, 10, 3), fixed=True)
    client.force_login(manager)
    page = client.get(
        "/staff/dashboard/", {"start": "2026-10-01", "end": "2026-10-31"}
    ).content.decode()
    kpi = page.split('id="kpi-first-visit-fix"')[1].split("</li>")[0]
    assert "100" in kpi and "1" in kpi


def test_claims_are_counted_per_appliance_and_fault_code(organisation, manager):
    unit, part = unit_with_part(organisation)
    other_unit, other_part = unit_with_part(organisation)
    filed_claim(unit, part, fault_code="E12")
    refused = filed_claim(unit, part, fault_code="E12")
    claim_refuse(claim=refused, by=manager, reason="Pose non conforme")
    filed_claim(other_unit, other_part, fault_code="")
    today = timezone.localdate()

    groups = claims_by_model(period=Period(start=today, end=today))

    assert [(g.appliance, g.fault_code, g.claims, g.refused) for g in groups] == [
        (unit.appliance.name, "E12", 2, 1),
        (other_unit.appliance.name, "", 1, 0),
    ]
    yesterday = today - timedelta(days=1)
    assert claims_by_model(period=Period(start=yesterday, end=yesterday)) == []


def test_notice_completion_counts_done_and_overdue_units(organisation, manager):
    units = [InstallationFactory(organisation=organisation) for _ in range(4)]
    notice = safety_notice([units[0].appliance], serial_list=units[0].serial_number)
    today = timezone.localdate()
    UnitNotice.objects.all().delete()
    for i, unit in enumerate(units):
        UnitNotice.objects.create(
            notice=notice,
            installation=unit,
            notified_at=timezone.now(),
            due_on=today - timedelta(days=1) if i < 3 else today,
            read_at=timezone.now() if i == 0 else None,
            done_at=timezone.now() if i == 0 else None,
        )
    completion = notice_completion()
    assert (completion.units, completion.done, completion.overdue) == (4, 1, 2)
    assert completion.rate == Decimal("25.0")
