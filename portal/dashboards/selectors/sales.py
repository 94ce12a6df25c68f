"""Sales figures: orders compared with the period before, credited sales, series,
sales by channel and by reseller. Cancelled orders are never counted; amounts
are excluding VAT."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    QuerySet,
    Sum,
)

from accounts.network.models import Organisation
from ordering.orders.models import (
    NetworkDaySales,
    Order,
    ResellerDaySales,
    ResellerMonthSales,
)
from ordering.orders.summaries import Basis
from portal.dashboards.periods import Period
from portal.dashboards.selectors.common import (
    CHANNELS,
    CREDITED_CHANNELS,
    ZERO,
    amount_to_cent,
    change_percent,
    date_bucket,
    days_in,
)

# --- Reseller figures ---------------------------------------------------------


@dataclass(frozen=True)
class OrderTotals:
    count: int
    amount: Decimal


@dataclass(frozen=True)
class OrderComparison:
    """Orders of a period against the previous period of the same length."""

    period: Period
    current: OrderTotals
    previous: OrderTotals

    @property
    def count_change(self) -> Decimal | None:
        """The change in %, None when the previous period had none."""
        return change_percent(self.current.count, self.previous.count)

    @property
    def amount_change(self) -> Decimal | None:
        return change_percent(self.current.amount, self.previous.amount)


def _bought(organisation: Organisation) -> QuerySet[ResellerDaySales]:
    return ResellerDaySales.objects.filter(
        organisation=organisation, basis=Basis.BOUGHT
    )


def orders_compared(*, organisation: Organisation, period: Period) -> OrderComparison:
    """The organisation's orders (any channel, not cancelled) in the period and
    in the one before it, in one query over its daily rows."""
    before = period.previous
    now_q, before_q = days_in(period), days_in(before)
    totals = (
        _bought(organisation)
        .filter(day__gte=before.start, day__lte=period.end)
        .aggregate(
            count=Sum("orders", filter=now_q),
            sold=Sum("amount", filter=now_q),
            count_before=Sum("orders", filter=before_q),
            sold_before=Sum("amount", filter=before_q),
        )
    )
    return OrderComparison(
        period=period,
        current=OrderTotals(totals["count"] or 0, amount_to_cent(totals["sold"])),
        previous=OrderTotals(
            totals["count_before"] or 0, amount_to_cent(totals["sold_before"])
        ),
    )


@dataclass(frozen=True)
class CreditedSales:
    """Web and call-center sales credited to a reseller, and its commission."""

    count: int
    amount: Decimal
    commission: Decimal


def credited_sales(*, organisation: Organisation, period: Period) -> CreditedSales:
    """Web and call-center sales credited to the organisation in the period,
    not cancelled, with the commission at the rate recorded on each sale
    (rounded per sale): the same total as its commission statement, in one
    query over its daily rows."""
    totals = ResellerDaySales.objects.filter(
        days_in(period),
        organisation=organisation,
        basis=Basis.CREDITED,
        channel__in=CREDITED_CHANNELS,
    ).aggregate(
        count=Sum("orders"),
        sold=Sum("amount"),
        commission=Sum("commission_cents"),
    )
    return CreditedSales(
        count=totals["count"] or 0,
        amount=amount_to_cent(totals["sold"]),
        commission=amount_to_cent(Decimal(totals["commission"] or 0) / 100),
    )


# --- Series -------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    """Orders of one bar of a chart: from ``starts_on``, per channel."""

    starts_on: date
    counts: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, Decimal] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


def order_series(
    *, period: Period, organisation: Organisation | None = None
) -> list[SeriesPoint]:
    """Orders (not cancelled) per day, week or month of the period and per
    channel: a reseller's own orders, or every order of the network; from
    the daily rows, grouped (a week starts on Monday, as ``Period.buckets``)."""
    rows: QuerySet = NetworkDaySales.objects.all()
    if organisation is not None:
        rows = _bought(organisation)
    rows = (
        rows.filter(days_in(period), orders__gt=0)
        .annotate(bucket=date_bucket("day", period.granularity))
        .values("bucket", "channel")
        .annotate(count=Sum("orders"), sold=Sum("amount"))
        .order_by("bucket", "channel")
    )
    points = {
        day: SeriesPoint(starts_on=day, counts={}, amounts={})
        for day in period.buckets()
    }
    for row in rows:
        point = points.get(row["bucket"])
        if point is not None:
            point.counts[row["channel"]] = row["count"]
            point.amounts[row["channel"]] = amount_to_cent(row["sold"])
    return list(points.values())


# --- Network figures ----------------------------------------------------------


@dataclass(frozen=True)
class ChannelSales:
    channel: str
    count: int
    amount: Decimal

    @property
    def label(self) -> str:
        return Order.Channel(self.channel).label


def sales_by_channel(
    *, period: Period, series: list[SeriesPoint] | None = None
) -> list[ChannelSales]:
    """Orders placed in the period, not cancelled, per channel (every channel
    listed, those without sales at zero): the period's series added up, so a
    dashboard that draws the series reads the network's daily rows once."""
    if series is None:
        series = order_series(period=period)
    return [
        ChannelSales(
            channel=channel,
            count=sum(point.counts.get(channel, 0) for point in series),
            amount=sum((point.amounts.get(channel, ZERO) for point in series), ZERO),
        )
        for channel in CHANNELS
    ]


@dataclass(frozen=True)
class ResellerSales:
    organisation: Organisation
    bought: Decimal
    credited: Decimal

    @property
    def total(self) -> Decimal:
        return self.bought + self.credited


def _whole_months(period: Period) -> tuple[date, date] | None:
    """The first and last whole calendar months inside the period, if any."""
    first = period.start.replace(day=1)
    if first != period.start:
        first = (first + timedelta(days=32)).replace(day=1)
    after = (period.end + timedelta(days=1)).replace(day=1)
    if after <= first:
        return None
    last = (after - timedelta(days=1)).replace(day=1)
    return first, last


def sales_by_reseller(*, period: Period, limit: int = 10) -> list[ResellerSales]:
    """The resellers with the largest sales in the period: what each bought
    (its own orders, any channel) plus the web and call-center sales credited
    to it; not cancelled. One query.

    The totals add the month rows of the whole months inside the period and
    the day rows of the partial months at either end (two years read some
    tens of thousands of rows, not every reseller's every day), grouped once
    per reseller over both. SQL of its own: the ORM cannot group a ``UNION``,
    and a correlated sub-query per reseller and source cost 116 ms on 1,000
    resellers."""
    sources, params = _reseller_rows(period)
    channels = ", ".join(["%s"] * len(CREDITED_CHANNELS))
    organisations = Organisation._meta.db_table
    # Only table names and placeholders are written into the text.
    sql = (
        "SELECT o.id, o.name, o.slug, totals.bought, totals.credited FROM ("  # noqa: S608
        "SELECT organisation_id,"
        " SUM(CASE WHEN basis = %s THEN amount ELSE 0 END) AS bought,"
        f" SUM(CASE WHEN basis = %s AND channel IN ({channels})"
        " THEN amount ELSE 0 END) AS credited"
        f" FROM ({' UNION ALL '.join(sources)}) AS rows GROUP BY organisation_id"
        f") AS totals JOIN {organisations} o ON o.id = totals.organisation_id"
        " WHERE totals.bought + totals.credited > 0"
        " ORDER BY totals.bought + totals.credited DESC, o.name, o.id LIMIT %s"
    )
    resellers = Organisation.objects.raw(
        sql,
        [Basis.BOUGHT, Basis.CREDITED, *CREDITED_CHANNELS, *params, limit],
    )
    return [
        ResellerSales(
            organisation=reseller,
            bought=amount_to_cent(reseller.bought),
            credited=amount_to_cent(reseller.credited),
        )
        for reseller in resellers
    ]


def _reseller_rows(period: Period) -> tuple[list[str], list]:
    """The ``SELECT``s of the reseller rows that make up the period, and
    their parameters: whole months from the month rows, the rest from the
    day rows."""
    columns = "organisation_id, basis, channel, amount"
    days_table = ResellerDaySales._meta.db_table
    days = f"SELECT {columns} FROM {days_table} WHERE "  # noqa: S608
    months = _whole_months(period)
    if months is None:
        return [days + "day >= %s AND day <= %s"], [period.start, period.end]
    first, last = months
    after = (last + timedelta(days=32)).replace(day=1)
    return [
        f"SELECT {columns} FROM {ResellerMonthSales._meta.db_table}"  # noqa: S608
        " WHERE month >= %s AND month <= %s",
        # The days before the first whole month and after the last one, as
        # two ranges of the day index: one range over the period, filtered,
        # read every day of two years (SQLite: 46 → 7 ms).
        days + "(day >= %s AND day < %s) OR (day >= %s AND day <= %s)",
    ], [first, last, period.start, first, after, period.end]
