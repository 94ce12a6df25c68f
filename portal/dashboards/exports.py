"""The dashboards' figures as text: on the page, and as a CSV file.

The CSV has one figure per row (section, item, measure, value), so a
spreadsheet's pivot table reads it as is; written by ``portal.spreadsheets``
like every export (French Excel's format, no cell that can run as a formula).
"""

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from portal.dashboards.periods import Period
from portal.dashboards.selectors import (
    ZERO,
    NetworkDashboard,
    ResellerDashboard,
    channel_labels,
)
from portal.spreadsheets import csv_response


def number(value, *, decimals: int | None = None) -> str:
    """A count or a rate as the reader writes it: 1 234 / 87,5."""
    if value is None:
        return "—"
    if decimals is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-decimals))
    return number_format(value, force_grouping=True)


def period_text(period: Period) -> str:
    return _("%(start)s to %(end)s") % {
        "start": date_format(period.start),
        "end": date_format(period.end),
    }


def unit_name(granularity: str) -> str:
    return {"day": _("day"), "week": _("week"), "month": _("month")}[granularity]


def unit_title(granularity: str) -> str:
    return {"day": _("Day"), "week": _("Week of"), "month": _("Month")}[granularity]


def _csv_response(rows: list[list], filename: str) -> HttpResponse:
    header = [_("Section"), _("Item"), _("Measure"), _("Value")]
    return csv_response(filename, header, rows)


def _period_rows(period: Period, *, with_previous: bool = False) -> list[list]:
    section = _("Period")
    rows = [
        [section, _("This period"), _("From"), period.start],
        [section, _("This period"), _("To"), period.end],
    ]
    if with_previous:
        rows += [
            [section, _("Previous period"), _("From"), period.previous.start],
            [section, _("Previous period"), _("To"), period.previous.end],
        ]
    return rows


def reseller_rows(dashboard: ResellerDashboard) -> list[list]:
    """Every figure of a reseller's dashboard, one per row."""
    amount = _("Amount excl. VAT (EUR)")
    orders, credited = dashboard.orders, dashboard.credited
    this, before = _("This period"), _("Previous period")
    section = _("Orders placed")
    rows = [
        [_("Reseller"), dashboard.organisation.name, "", ""],
        *_period_rows(dashboard.period, with_previous=True),
        [section, this, _("Orders"), orders.current.count],
        [section, this, amount, orders.current.amount],
        [section, before, _("Orders"), orders.previous.count],
        [section, before, amount, orders.previous.amount],
        [section, _("Change"), _("Orders (%)"), orders.count_change],
        [section, _("Change"), _("Amount (%)"), orders.amount_change],
        [_("Credited online sales"), this, _("Orders"), credited.count],
        [_("Credited online sales"), this, amount, credited.amount],
        [_("Credited online sales"), this, _("Commission (EUR)"), credited.commission],
        [_("Installations"), this, _("Recorded"), dashboard.installations],
        [
            _("Maintenance"),
            _("Next %(days)s days") % {"days": dashboard.maintenance.within_days},
            _("Consumables due"),
            dashboard.maintenance.due,
        ],
        [_("Maintenance"), _("Today"), _("Overdue"), dashboard.maintenance.overdue],
        [_("Callbacks"), _("Today"), _("Open"), dashboard.callbacks.pending],
        [_("Callbacks"), _("Today"), _("Overdue"), dashboard.callbacks.overdue],
        [_("Callbacks"), this, _("Promises kept"), dashboard.promises.kept],
        [_("Callbacks"), this, _("Promises decided"), dashboard.promises.decided],
        [_("Callbacks"), this, _("Kept (%)"), dashboard.promises.rate],
    ]
    per = _("Orders per %(unit)s") % {"unit": unit_name(dashboard.period.granularity)}
    for point in dashboard.series:
        rows.append([per, point.starts_on, _("Orders"), point.count])
        rows.append([per, point.starts_on, amount, point.amount])
    return rows


def reseller_csv(dashboard: ResellerDashboard) -> HttpResponse:
    slug = dashboard.organisation.slug
    return _csv_response(
        reseller_rows(dashboard), f"dashboard-{slug}-{dashboard.period.slug}.csv"
    )


def network_rows(dashboard: NetworkDashboard) -> list[list]:
    """Every figure of the managers' dashboard, one per row."""
    amount = _("Amount excl. VAT (EUR)")
    rows = _period_rows(dashboard.period)
    section = _("Sales by channel")
    for channel in [*dashboard.channels, dashboard.total]:
        label = channel.label if channel.channel else _("Total")
        rows.append([section, label, _("Orders"), channel.count])
        rows.append([section, label, amount, channel.amount])
    section = _("Sales by reseller")
    for reseller in dashboard.resellers:
        name = reseller.organisation.name
        rows.append([section, name, _("Bought excl. VAT (EUR)"), reseller.bought])
        rows.append([section, name, _("Credited excl. VAT (EUR)"), reseller.credited])
        rows.append([section, name, _("Total excl. VAT (EUR)"), reseller.total])
    section = _("Stock alerts")
    rows.append([section, _("Today"), _("Out of stock"), dashboard.stock.out])
    rows.append([section, _("Today"), _("Low stock"), dashboard.stock.low])
    for alert in dashboard.stock.shown:
        item = f"{alert.product.reference} {alert.product.name}"
        rows.append([section, item, _("Available"), alert.available])
        rows.append([section, item, _("Next restock"), alert.next_restock])
    section, promises = _("Callback promises"), dashboard.promises
    rows.append([section, _("This period"), _("Kept"), promises.kept])
    rows.append([section, _("This period"), _("Decided"), promises.decided])
    rows.append([section, _("This period"), _("Kept (%)"), promises.rate])
    for point in dashboard.promise_series:
        rows.append([section, point.starts_on, _("Kept"), point.promises.kept])
        rows.append([section, point.starts_on, _("Decided"), point.promises.decided])
    section, fixes = _("Fixed on the first visit"), dashboard.fixes
    rows.append(
        [section, _("This period"), _("First repair visits"), fixes.first_visits]
    )
    rows.append([section, _("This period"), _("Fixed"), fixes.fixed])
    rows.append([section, _("This period"), _("Fixed (%)"), fixes.rate])
    section = _("Warranty claims by appliance and fault code")
    for group in dashboard.claims:
        item = f"{group.appliance} {group.fault_code}".strip()
        rows.append([section, item, _("Claims"), group.claims])
        rows.append([section, item, _("Accepted"), group.accepted])
        rows.append([section, item, _("Refused"), group.refused])
    section, notices = _("Safety notices"), dashboard.notices
    rows.append([section, _("Today"), _("Units notified"), notices.units])
    rows.append([section, _("Today"), _("Done"), notices.done])
    rows.append([section, _("Today"), _("Overdue"), notices.overdue])
    section, docs = (
        _("Documentation not reviewed for 12 months"),
        dashboard.documentation,
    )
    rows.append([section, _("Today"), _("Pages"), docs.count])
    for page in docs.shown:
        rows.append(
            [
                section,
                page.title,
                _("Last published"),
                timezone.localdate(page.last_published_at),
            ]
        )
    labels = channel_labels()
    per = _("Sales excl. VAT (EUR) per %(unit)s") % {
        "unit": unit_name(dashboard.period.granularity)
    }
    for point in dashboard.series:
        for channel, label in labels.items():
            rows.append([per, point.starts_on, label, point.amounts.get(channel, ZERO)])
    return rows


def network_csv(dashboard: NetworkDashboard) -> HttpResponse:
    return _csv_response(
        network_rows(dashboard), f"network-dashboard-{dashboard.period.slug}.csv"
    )
