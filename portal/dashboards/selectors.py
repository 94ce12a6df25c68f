"""The dashboards' figures: aggregate reads whose query count does not grow with data.

Every figure is one ``aggregate`` or one grouped ``values().annotate()``: a
reseller's dashboard and the network's each run a fixed number of queries,
whether the network holds a hundred orders or a million. Periods are calendar
days in the portal's time zone (Europe/Paris), the end day included.

Cancelled orders are never counted. Amounts are excluding VAT, in euros.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round, Trunc
from django.utils import timezone

from accounts.models import (
    CallbackRequest,
    Installation,
    InstallationConsumable,
    Organisation,
)
from accounts.schedule import DUE_SOON_DAYS
from ordering.models import Order, Product, StockLevel, money
from pages.selectors import documentation_not_reviewed
from portal.dashboards.periods import Period

ZERO = Decimal("0.00")
CREDITED_CHANNELS = (Order.Channel.WEB, Order.Channel.CALL_CENTER)
CHANNELS = (Order.Channel.RESELLER, Order.Channel.WEB, Order.Channel.CALL_CENTER)


def _placed_in(period: Period) -> Q:
    return Q(placed_at__gte=period.since, placed_at__lt=period.until)


def _bucket(field_name: str, granularity: str) -> Trunc:
    # In the current time zone (Europe/Paris): a sale at 00:30 on the 2nd
    # belongs to the 2nd, not to the 1st as in UTC.
    return Trunc(field_name, granularity, output_field=DateField())


def _amount(value) -> Decimal:
    """A sum read from the database, to the cent (SQLite adds in floats)."""
    return money(Decimal(value)) if value is not None else ZERO


def _change_percent(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    if not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(
        Decimal("1")
    )


NOT_CANCELLED = ~Q(status=Order.Status.CANCELLED)


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
        return _change_percent(self.current.count, self.previous.count)

    @property
    def amount_change(self) -> Decimal | None:
        return _change_percent(self.current.amount, self.previous.amount)


def orders_compared(*, organisation: Organisation, period: Period) -> OrderComparison:
    """The organisation's orders (any channel, not cancelled) in the period and
    in the one before it, in one query."""
    before = period.previous
    now_q, before_q = _placed_in(period), _placed_in(before)
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
        current=OrderTotals(totals["count"], _amount(totals["amount"])),
        previous=OrderTotals(totals["count_before"], _amount(totals["amount_before"])),
    )


@dataclass(frozen=True)
class CreditedSales:
    """Web and call-center sales credited to a reseller, and its commission."""

    count: int
    amount: Decimal
    commission: Decimal


def _commission_cents() -> ExpressionWrapper:
    """Each sale's commission in whole cents, rounded half up as the statement
    rounds each line (``ordering.selectors.commission_on``).

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
        _placed_in(period),
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
        amount=_amount(totals["amount"]),
        commission=_amount(Decimal(totals["commission"] or 0) / 100),
    )


def installations_recorded(*, organisation: Organisation, period: Period) -> int:
    """Installations the organisation recorded (submitted) in the period."""
    return Installation.objects.filter(
        organisation=organisation,
        status=Installation.Status.SUBMITTED,
        submitted_at__gte=period.since,
        submitted_at__lt=period.until,
    ).count()


@dataclass(frozen=True)
class MaintenanceDue:
    """Consumables to change on the organisation's installations."""

    due: int
    overdue: int
    within_days: int = DUE_SOON_DAYS


def maintenance_due(
    *,
    organisation: Organisation,
    today: date | None = None,
    within_days: int = DUE_SOON_DAYS,
) -> MaintenanceDue:
    """Consumables due by ``within_days`` from today (overdue ones included
    in ``due``, and also counted apart), on recorded installations, as the
    installations tab's "maintenance due" filter reads them."""
    today = today or timezone.localdate()
    totals = InstallationConsumable.objects.filter(
        installation__organisation=organisation,
        installation__status=Installation.Status.SUBMITTED,
        next_due_on__isnull=False,
        next_due_on__lte=today + timedelta(days=within_days),
    ).aggregate(
        due=Count("pk"),
        overdue=Count("pk", filter=Q(next_due_on__lt=today)),
    )
    return MaintenanceDue(
        due=totals["due"], overdue=totals["overdue"], within_days=within_days
    )


@dataclass(frozen=True)
class OpenCallbacks:
    pending: int
    overdue: int


def callbacks_open(
    *, organisation: Organisation, now: datetime | None = None
) -> OpenCallbacks:
    """Callbacks the organisation owns that are open or in progress; overdue:
    those whose due time has passed."""
    now = now or timezone.now()
    totals = CallbackRequest.objects.filter(
        owner_organisation=organisation,
        status__in=(CallbackRequest.Status.OPEN, CallbackRequest.Status.IN_PROGRESS),
    ).aggregate(pending=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    return OpenCallbacks(pending=totals["pending"], overdue=totals["overdue"])


# --- Callback promises ----------------------------------------------------------


@dataclass(frozen=True)
class PromiseRate:
    """Callbacks made by the time promised, among those already decided."""

    kept: int
    decided: int

    @property
    def rate(self) -> Decimal | None:
        """Kept in %, to one decimal; None when nothing was decided."""
        if not self.decided:
            return None
        return (Decimal(self.kept) * 100 / self.decided).quantize(Decimal("0.1"))


def _decided(now: datetime) -> Q:
    # Done, or its due time is past: done or not, its outcome is known.
    return (
        Q(status=CallbackRequest.Status.DONE)
        | Q(status=CallbackRequest.Status.MISSED)
        | Q(due_at__lte=now)
    )


KEPT = Q(status=CallbackRequest.Status.DONE, done_at__lte=F("due_at"))


def _callbacks_due_in(period: Period, organisation: Organisation | None):
    callbacks = CallbackRequest.objects.filter(
        due_at__gte=period.since, due_at__lt=period.until
    )
    if organisation is not None:
        callbacks = callbacks.filter(owner_organisation=organisation)
    return callbacks


def callback_promise_rate(
    *,
    start: date,
    end: date,
    organisation: Organisation | None = None,
    now: datetime | None = None,
) -> PromiseRate:
    """The callback promise-kept rate of the callbacks due from ``start`` to
    ``end`` (calendar days, both included).

    Only callbacks already *decided* count: done (whenever that was), marked
    missed, or whose due time is past at ``now``. A callback still open
    before its due time may yet be kept, so it is left out. Among the
    decided, a promise is *kept* when the callback was done by its due time
    (``done_at <= due_at``); done late, missed, or still open after the due
    time is not kept. ``rate`` = kept / decided, None when nothing was
    decided (shown as "—"). ``organisation``: the callbacks a reseller owns;
    None: the whole network (agents, the shared queue and resellers).
    """
    now = now or timezone.now()
    totals = (
        _callbacks_due_in(Period(start=start, end=end), organisation)
        .filter(_decided(now))
        .aggregate(kept=Count("pk", filter=KEPT), decided=Count("pk"))
    )
    return PromiseRate(kept=totals["kept"], decided=totals["decided"])


@dataclass(frozen=True)
class PromisePoint:
    starts_on: date
    promises: PromiseRate


def callback_promise_series(
    *,
    period: Period,
    organisation: Organisation | None = None,
    now: datetime | None = None,
) -> list[PromisePoint]:
    """``callback_promise_rate`` per week of the due time (per month for a
    period over half a year), in one grouped query."""
    now = now or timezone.now()
    granularity = period.coarse_granularity
    rows = (
        _callbacks_due_in(period, organisation)
        .filter(_decided(now))
        .annotate(bucket=_bucket("due_at", granularity))
        .values("bucket")
        .annotate(kept=Count("pk", filter=KEPT), decided=Count("pk"))
        .order_by("bucket")
    )
    found = {row["bucket"]: PromiseRate(row["kept"], row["decided"]) for row in rows}
    return [
        PromisePoint(starts_on=day, promises=found.get(day, PromiseRate(0, 0)))
        for day in period.buckets(granularity)
    ]


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
    orders = Order.objects.filter(_placed_in(period), NOT_CANCELLED)
    if organisation is not None:
        orders = orders.filter(organisation=organisation)
    rows = (
        orders.annotate(bucket=_bucket("placed_at", period.granularity))
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
            point.amounts[row["channel"]] = _amount(row["amount"])
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
        Order.objects.filter(_placed_in(period), NOT_CANCELLED)
        .values("channel")
        .annotate(count=Count("pk"), amount=Sum("total_excl_vat"))
        .order_by("channel")
    )
    found = {row["channel"]: row for row in rows}
    return [
        ChannelSales(
            channel=channel,
            count=found.get(channel, {}).get("count", 0),
            amount=_amount(found.get(channel, {}).get("amount")),
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
                _placed_in(period), NOT_CANCELLED, *extra, **{column: OuterRef("pk")}
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
            bought=_amount(reseller.bought),
            credited=_amount(reseller.credited),
        )
        for reseller in resellers
    ]


@dataclass(frozen=True)
class StockAlert:
    product: Product
    available: int
    next_restock: date | None

    @property
    def is_out(self) -> bool:
        return self.available <= 0


@dataclass(frozen=True)
class StockAlerts:
    out: int
    low: int
    shown: list[StockAlert]

    @property
    def total(self) -> int:
        return self.out + self.low


def stock_alerts(*, limit: int = 15, today: date | None = None) -> StockAlerts:
    """Active products out of stock or low (available at or below their
    threshold) over every warehouse, as the stock tab shows them; the first
    ``limit`` (out of stock first, then fewest available), each with its
    next restock date from today. Two queries."""
    today = today or timezone.localdate()
    products = (
        Product.objects.filter(is_active=True)
        .annotate(
            available=Coalesce(
                Sum(F("stock_levels__on_hand") - F("stock_levels__reserved")),
                Value(0),
                output_field=IntegerField(),
            )
        )
        .filter(available__lte=F("low_stock_threshold"))
    )
    counts = products.aggregate(
        out=Count("pk", filter=Q(available__lte=0)),
        low=Count("pk", filter=Q(available__gt=0)),
    )
    # A sub-query: a filter on the summed join would drop the stock levels
    # without a restock date from the sum.
    restock = (
        StockLevel.objects.filter(product=OuterRef("pk"), restock_date__gte=today)
        .order_by()
        .values("product")
        .annotate(first=Min("restock_date"))
        .values("first")
    )
    shown = products.annotate(next_restock=Subquery(restock)).order_by(
        "available", "reference"
    )[:limit]
    return StockAlerts(
        out=counts["out"],
        low=counts["low"],
        shown=[
            StockAlert(
                product=product,
                available=product.available,
                next_restock=product.next_restock,
            )
            for product in shown
        ],
    )


@dataclass(frozen=True)
class PageToReview:
    pk: int
    title: str
    kind: str
    last_published_at: datetime


@dataclass(frozen=True)
class DocumentationToReview:
    count: int
    shown: list[PageToReview]


def documentation_to_review(*, limit: int = 10) -> DocumentationToReview:
    """Documentation pages not published again for 12 months: how many, and
    the ``limit`` oldest. Two queries."""
    pages = documentation_not_reviewed()
    return DocumentationToReview(
        count=pages.count(),
        shown=[
            PageToReview(
                pk=page.pk,
                title=page.title,
                kind=str(page.specific_class._meta.verbose_name)
                if page.specific_class
                else "",
                last_published_at=page.last_published_at,
            )
            for page in pages[:limit]
        ],
    )


# --- The two dashboards -------------------------------------------------------


@dataclass(frozen=True)
class ResellerDashboard:
    organisation: Organisation
    period: Period
    orders: OrderComparison
    credited: CreditedSales
    installations: int
    maintenance: MaintenanceDue
    callbacks: OpenCallbacks
    promises: PromiseRate
    series: list[SeriesPoint]


def reseller_dashboard(
    *, organisation: Organisation, period: Period, now: datetime | None = None
) -> ResellerDashboard:
    """Every figure of a reseller's dashboard, of that organisation only."""
    now = now or timezone.now()
    return ResellerDashboard(
        organisation=organisation,
        period=period,
        orders=orders_compared(organisation=organisation, period=period),
        credited=credited_sales(organisation=organisation, period=period),
        installations=installations_recorded(organisation=organisation, period=period),
        maintenance=maintenance_due(
            organisation=organisation, today=timezone.localdate(now)
        ),
        callbacks=callbacks_open(organisation=organisation, now=now),
        promises=callback_promise_rate(
            start=period.start, end=period.end, organisation=organisation, now=now
        ),
        series=order_series(period=period, organisation=organisation),
    )


@dataclass(frozen=True)
class NetworkDashboard:
    period: Period
    channels: list[ChannelSales]
    resellers: list[ResellerSales]
    stock: StockAlerts
    promises: PromiseRate
    promise_series: list[PromisePoint]
    documentation: DocumentationToReview
    series: list[SeriesPoint]

    @property
    def total(self) -> ChannelSales:
        return ChannelSales(
            channel="",
            count=sum(c.count for c in self.channels),
            amount=sum((c.amount for c in self.channels), ZERO),
        )


def network_dashboard(
    *, period: Period, now: datetime | None = None
) -> NetworkDashboard:
    """Every figure of the managers' dashboard, across resellers and channels."""
    now = now or timezone.now()
    return NetworkDashboard(
        period=period,
        channels=sales_by_channel(period=period),
        resellers=sales_by_reseller(period=period),
        stock=stock_alerts(today=timezone.localdate(now)),
        promises=callback_promise_rate(start=period.start, end=period.end, now=now),
        promise_series=callback_promise_series(period=period, now=now),
        documentation=documentation_to_review(),
        series=order_series(period=period),
    )


def channel_labels() -> dict[str, str]:
    """Every channel and its name, in the dashboards' order."""
    return {channel: Order.Channel(channel).label for channel in CHANNELS}
