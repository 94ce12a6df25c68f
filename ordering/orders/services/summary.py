"""The dashboards' summary rows (``ordering.orders.summaries``), kept right.

Each service that changes what a dashboard counts (placing an order in any
channel, cancelling one, crediting a sale to another reseller) ends its
transaction with ``sales_summary_refresh(keys)``: the keys are the local days
the order counted on before and after the change, with its buyer and its
credited reseller. The rows of those keys are worked out again from the
orders, never nudged by a delta, so running it twice, or after any other
write, leaves them right. ``sales_summary_rebuild`` writes every row again
from the orders (``manage.py rebuild_sales_summary``), after a bulk load.

Two transactions placing orders on the same day at once, on PostgreSQL (READ
COMMITTED): each reads the day's orders after inserting its own, but would
not see the other's until it commits, and the second to write would put back
a count without the first's order. So a refresh first takes a transaction
lock per key (``pg_advisory_xact_lock``: the network's day, each reseller's
month), in one fixed order, and reads the orders only once it holds them. The
second refresh waits for the first transaction to commit, and its read,
a new statement, then sees the first's order as well as its own: whichever
order the two go in, the last to write counts both. On SQLite a write
transaction already holds the whole database. The refresh runs last in its
transaction, after the stock is locked, so no lock is taken while holding
one of these (no deadlock with a transaction that takes them the other way).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Model,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Round, TruncDate, TruncMonth
from django.utils import timezone

from ordering.orders.models import Order
from ordering.orders.summaries import (
    Basis,
    NetworkDaySales,
    ResellerDaySales,
    ResellerMonthSales,
)

# The sales a reseller is credited with (and paid a commission on).
CREDITED_CHANNELS = (Order.Channel.WEB, Order.Channel.CALL_CENTER)
NOT_CANCELLED = ~Q(status=Order.Status.CANCELLED)
ZERO = Decimal("0.00")


@dataclass(frozen=True, order=True)
class SalesKey:
    """A local day, of the network (``organisation_id`` None) or of one
    reseller (both what it bought and what it was credited with)."""

    day: date
    organisation_id: int | None = None


def local_day(moment: datetime) -> date:
    """The day of the portal's calendar (Europe/Paris) an instant falls on."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def sales_keys(order: Order) -> set[SalesKey]:
    """The summary keys an order counts under, as it is now."""
    day = local_day(order.placed_at)
    keys = {SalesKey(day)}
    for organisation_id in (order.organisation_id, order.credited_organisation_id):
        if organisation_id is not None:
            keys.add(SalesKey(day, organisation_id))
    return keys


def commission_cents() -> ExpressionWrapper:
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


def _day_of_order() -> TruncDate:
    return TruncDate("placed_at", tzinfo=timezone.get_default_timezone())


def _figures(orders: QuerySet[Order], *group: str) -> QuerySet:
    """The orders grouped by ``group``: those not cancelled counted and
    added up (``n``, ``total``, ``commission``), the cancelled ones counted."""
    return (
        orders.annotate(day=_day_of_order())
        .order_by()
        .values(*group)
        .annotate(
            n=Count("pk", filter=NOT_CANCELLED),
            total=Sum("total_excl_vat", filter=NOT_CANCELLED),
            commission=Sum(commission_cents(), filter=NOT_CANCELLED),
            n_cancelled=Count("pk", filter=~NOT_CANCELLED),
        )
    )


def _within(firsts: Iterable[date], *, months: bool = False) -> Q:
    """Orders placed on these local days (or in the months they start)."""
    window = Q()
    for first in firsts:
        last = _next_month(first) if months else first + timedelta(days=1)
        window |= Q(
            placed_at__gte=local_midnight(first), placed_at__lt=local_midnight(last)
        )
    return window


# --- Keeping the rows of a few keys right -------------------------------------


def sales_summary_refresh(keys: Iterable[SalesKey]) -> None:
    """Work out again, from the orders, the summary rows of these keys (and
    the months of their resellers), inside the caller's transaction."""
    keys = set(keys)
    if not keys:
        return
    # No savepoint: two queries less on every placement, and a failure here
    # rolls the caller's whole change back anyway.
    with transaction.atomic(savepoint=False):
        _lock(keys)
        _network_refresh(sorted({key.day for key in keys}))
        resellers = {key for key in keys if key.organisation_id is not None}
        if resellers:
            _resellers_refresh(resellers)


def _lock(keys: set[SalesKey]) -> None:
    """Wait for any other transaction refreshing the same keys to commit (see
    the module's docstring); locks taken in one order, never deadlocking
    each other."""
    if connection.vendor != "postgresql":
        return
    locks = {(0, key.day.toordinal()) for key in keys}
    locks |= {
        (key.organisation_id, key.day.year * 12 + key.day.month)
        for key in keys
        if key.organisation_id is not None
    }
    ordered = sorted(locks)
    calls = ", ".join(["pg_advisory_xact_lock(%s, %s)"] * len(ordered))
    with connection.cursor() as cursor:
        # PostgreSQL evaluates a select list from left to right.
        cursor.execute(f"SELECT {calls}", [n for lock in ordered for n in lock])


def _network_refresh(days: list[date]) -> None:
    rows = _figures(Order.objects.filter(_within(days)), "day", "channel")
    NetworkDaySales.objects.filter(day__in=days).delete()
    NetworkDaySales.objects.bulk_create(
        NetworkDaySales(
            day=row["day"],
            channel=row["channel"],
            orders=row["n"],
            amount=row["total"] or ZERO,
            commission_cents=row["commission"] or 0,
            cancelled=row["n_cancelled"],
        )
        for row in rows
    )


def _resellers_refresh(keys: set[SalesKey]) -> None:
    """The day rows of the keys and the month rows of their months, from one
    read of those months' orders (a reseller's month: a few hundred orders
    at most)."""
    wanted_days = {(key.organisation_id, key.day) for key in keys}
    wanted_months = {(key.organisation_id, first_of_month(key.day)) for key in keys}
    resellers = {organisation_id for organisation_id, _day in wanted_days}
    groups = _figures(
        Order.objects.filter(
            _within({month for _org, month in wanted_months}, months=True),
            Q(organisation__in=resellers) | Q(credited_organisation__in=resellers),
        ),
        "organisation",
        "credited_organisation",
        "day",
        "channel",
    )
    days: dict[tuple, list] = defaultdict(lambda: [0, ZERO, 0])
    months: dict[tuple, list] = defaultdict(lambda: [0, ZERO, 0])
    for group in groups:
        if not group["n"]:
            continue
        day, channel = group["day"], group["channel"]
        for basis, organisation_id in (
            (Basis.BOUGHT, group["organisation"]),
            (Basis.CREDITED, group["credited_organisation"]),
        ):
            month = first_of_month(day)
            if (organisation_id, month) not in wanted_months:
                continue
            figures = [group["n"], group["total"] or ZERO, group["commission"] or 0]
            targets = [months[(organisation_id, basis, month, channel)]]
            if (organisation_id, day) in wanted_days:
                targets.append(days[(organisation_id, basis, day, channel)])
            for target in targets:
                for i, value in enumerate(figures):
                    target[i] += value
    _replace(ResellerDaySales, "day", wanted_days, days)
    _replace(ResellerMonthSales, "month", wanted_months, months)


def _replace(model: type[Model], when: str, wanted: set, figures: dict) -> None:
    stale = Q()
    for organisation_id, moment in sorted(wanted):
        stale |= Q(organisation_id=organisation_id, **{when: moment})
    model.objects.filter(stale).delete()
    model.objects.bulk_create(
        model(
            organisation_id=organisation_id,
            basis=basis,
            channel=channel,
            orders=orders,
            amount=amount,
            commission_cents=commission,
            **{when: moment},
        )
        for (organisation_id, basis, moment, channel), (
            orders,
            amount,
            commission,
        ) in figures.items()
    )


# --- Every row again ----------------------------------------------------------


@transaction.atomic
def sales_summary_rebuild() -> dict[str, int]:
    """Write every summary row again from the orders, in seven statements
    (INSERT … SELECT of grouped orders); returns how many rows of each."""
    for model in (NetworkDaySales, ResellerDaySales, ResellerMonthSales):
        model.objects.all().delete()
    orders = Order.objects.all()
    _insert_select(
        NetworkDaySales,
        "day, channel, orders, amount, commission_cents, cancelled",
        "day, channel, n, COALESCE(total, 0), COALESCE(commission, 0), n_cancelled",
        _figures(orders, "day", "channel"),
    )
    for basis, column in (
        (Basis.BOUGHT, "organisation"),
        (Basis.CREDITED, "credited_organisation"),
    ):
        _insert_select(
            ResellerDaySales,
            "organisation_id, basis, day, channel, orders, amount, commission_cents",
            f"{column}, %s, day, channel, n, COALESCE(total, 0), "
            "COALESCE(commission, 0)",
            _figures(
                orders.filter(**{f"{column}__isnull": False}), column, "day", "channel"
            ),
            where="n > 0",
            params=[basis.value],
        )
    months = (
        ResellerDaySales.objects.annotate(month_start=TruncMonth("day"))
        .order_by()
        .values("organisation", "basis", "month_start", "channel")
        .annotate(
            n=Sum("orders"), total=Sum("amount"), commission=Sum("commission_cents")
        )
    )
    _insert_select(
        ResellerMonthSales,
        "organisation_id, basis, month, channel, orders, amount, commission_cents",
        "organisation, basis, month_start, channel, n, total, commission",
        months,
    )
    return {
        model._meta.verbose_name_plural: model.objects.count()
        for model in (NetworkDaySales, ResellerDaySales, ResellerMonthSales)
    }


def _insert_select(
    model: type[Model],
    columns: str,
    selected: str,
    rows: QuerySet,
    *,
    where: str = "",
    params: list | None = None,
) -> None:
    """INSERT INTO the model's table the grouped rows, in the database (the
    grouped query names its columns as its ``values()``)."""
    sql, row_params = rows.query.sql_with_params()
    condition = f" WHERE {where}" if where else ""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        # Every name comes from this module; every value is a parameter.
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"SELECT {selected} FROM ({sql}) grouped{condition}",
            [*(params or []), *row_params],
        )
