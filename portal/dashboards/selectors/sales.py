"""Sales figures: orders compared with the period before, credited sales, series,
sales by channel and by reseller. Cancelled orders are never counted; amounts
are excluding VAT."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round

from accounts.network.models import Organisation
from ordering.orders.models import Order
from portal.dashboards.periods import Period
from portal.dashboards.selectors.common import (
    CHANNELS,
    CREDITED_CHANNELS,
    NOT_CANCELLED,
    ZERO,
    amount_to_cent,
    change_percent,
    date_bucket,
    placed_in,
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


def orders_compared(*, organisation: Organisation, period: Period) -> OrderComparison:
    """The organisation's orders (any channel, not cancelled) in the period and
    in the one before it, in one query."""
    before = period.previous
    now_q, before_q = placed_in(period), placed_in(before)
    totals = Order.objects.filter(
        NOT_CANCELLED,
        organisation=organisation,
        placed_at__gte=before.since,
        placed_at__lt=period.until,
    ).aggregate(
        count=Count("pk", filter=now_q),
        amount=Sum("total_excl_vat", filter=now_q),
        count_before=Count("pk", filter=before_q),
        amount_before=Sum("total_excl_vat", filter=before_q),
    )
    return OrderComparison(
        period=period,
        current=OrderTotals(totals["count"], amount_to_cent(totals["amount"])),
        previous=OrderTotals(
            totals["count_before"], amount_to_cent(totals["amount_before"])
        ),
    )


@dataclass(frozen=True)
class CreditedSales:
    """Web and call-center sales credited to a reseller, and its commission."""

    count: int
    amount: Decimal
    commission: Decimal


def _commission_cents() -> ExpressionWrapper:
    """Each sale's commission in whole cents, rounded half up as the statement
    rounds each line (``ordering.orders.selectors.commission_on``).

    Worked in integers (cents × basis points) so that SQLite, which adds
    decimals as floats, rounds 0.505 up like PostgreSQL does.
    """
    cents = Cast(Round(F("total_excl_vat") * 100), BigIntegerField())
    basis_points = Cast(Round(F("commission_rate") * 100), BigIntegerField())
    return ExpressionWrapper(
        (cents * basis_points + Value(5000)) / Value(10000),
        output_field=BigIntegerField(),
    )


def credited_sales(*, organisation: Organisation, period: Period) -> CreditedSales:
    """Web and call-center sales credited to the organisation in the period,
    not cancelled, with the commission at the rate recorded on each sale:
    the same total as its commission statement, in one query."""
    totals = Order.objects.filter(
        placed_in(period),
        NOT_CANCELLED,
        credited_organisation=organisation,
        channel__in=CREDITED_CHANNELS,
    ).aggregate(
        count=Count("pk"),
        amount=Sum("total_excl_vat"),
        commission=Sum(_commission_cents()),
    )
    return CreditedSales(
        count=totals["count"],
        amount=amount_to_cent(totals["amount"]),
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
    channel: a reseller's own orders, or every order of the network."""
    orders = Order.objects.filter(placed_in(period), NOT_CANCELLED)
    if organisation is not None:
        orders = orders.filter(organisation=organisation)
    rows = (
        orders.annotate(bucket=date_bucket("placed_at", period.granularity))
        .values("bucket", "channel")
        .annotate(count=Count("pk"), amount=Sum("total_excl_vat"))
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
            point.amounts[row["channel"]] = amount_to_cent(row["amount"])
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


def sales_by_channel(*, period: Period) -> list[ChannelSales]:
    """Orders placed in the period, not cancelled, per channel (every channel
    listed, those without sales at zero)."""
    rows = (
        Order.objects.filter(placed_in(period), NOT_CANCELLED)
        .values("channel")
        .annotate(count=Count("pk"), amount=Sum("total_excl_vat"))
        .order_by("channel")
    )
    found = {row["channel"]: row for row in rows}
    return [
        ChannelSales(
            channel=channel,
            count=found.get(channel, {}).get("count", 0),
            amount=amount_to_cent(found.get(channel, {}).get("amount")),
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


def sales_by_reseller(*, period: Period, limit: int = 10) -> list[ResellerSales]:
    """The resellers with the largest sales in the period: what each bought
    (its own orders, any channel) plus the web and call-center sales credited
    to it; not cancelled. One query: each total is a correlated sub-query,
    so the two sums never multiply each other's rows."""
    money_field = DecimalField(max_digits=14, decimal_places=2)

    def total(column: str, *extra: Q) -> Coalesce:
        orders = (
            Order.objects.filter(
                placed_in(period), NOT_CANCELLED, *extra, **{column: OuterRef("pk")}
            )
            .order_by()
            .values(column)
            .annotate(total=Sum("total_excl_vat"))
            .values("total")
        )
        return Coalesce(Subquery(orders), Value(ZERO), output_field=money_field)

    resellers = (
        Organisation.objects.annotate(
            bought=total("organisation"),
            credited=total("credited_organisation", Q(channel__in=CREDITED_CHANNELS)),
        )
        .annotate(sales=F("bought") + F("credited"))
        .filter(sales__gt=0)
        .order_by("-sales", "name", "pk")
        .only("pk", "name", "slug")[:limit]
    )
    return [
        ResellerSales(
            organisation=reseller,
            bought=amount_to_cent(reseller.bought),
            credited=amount_to_cent(reseller.credited),
        )
        for reseller in resellers
    ]
