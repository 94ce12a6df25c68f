"""The dashboards' summary rows (``ordering.orders.summaries``), kept right.

Each service that changes what a dashboard counts (placing an order in any
channel, cancelling one, crediting a sale to another reseller) ends its
transaction with ``sales_summary_count(before=…, after=…)``: what the order
counted as before the change (nothing, for a new order) leaves the rows, and
what it counts as now goes in. Each row changes by one statement that adds
to it (``INSERT … ON CONFLICT … DO UPDATE SET orders = orders + …``), on
SQLite and PostgreSQL alike: a placement writes three statements, reads no
order and re-adds no day.

Two transactions placing orders on the same day at once, on PostgreSQL (READ
COMMITTED): the second's statement on the day's row waits for the first
transaction to commit, then adds to the row as the first left it, so neither
count is lost. Rows are written in one fixed order (the network's, then each
reseller's days, then its months, each sorted by key), so two transactions
never wait for each other the other way round; and it runs last in its
transaction, after the stock is locked, holding the day's row for as short a
time as it can. On SQLite a write transaction already holds the whole
database.

``summary_repair`` works rows out again from the orders: the rows of a few
keys (``sales_summary_refresh``, for data written without the services) or
every row (``sales_summary_rebuild``, ``manage.py rebuild_sales_summary``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BigIntegerField,
    ExpressionWrapper,
    F,
    Model,
    Q,
    Value,
)
from django.db.models.functions import Cast, Round
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


# --- What one order adds to the rows --------------------------------------------


@dataclass(frozen=True)
class Sale:
    """What an order counts as on the dashboards, as it stands."""

    day: date
    channel: str
    organisation_id: int | None
    credited_organisation_id: int | None
    amount: Decimal
    commission_cents: int
    cancelled: bool


def sale_of(order: Order) -> Sale:
    """The order's figures, worked out as ``commission_cents()`` works them."""
    basis_points = round((order.commission_rate or 0) * 100)
    cents = round(order.total_excl_vat * 100)
    return Sale(
        day=local_day(order.placed_at),
        channel=order.channel,
        organisation_id=order.organisation_id,
        credited_organisation_id=order.credited_organisation_id,
        amount=order.total_excl_vat,
        commission_cents=(cents * basis_points + 5000) // 10000,
        cancelled=order.status == Order.Status.CANCELLED,
    )


# The figures each row holds, in the order of the deltas below.
FIGURES = ("orders", "amount", "commission_cents")


def _deltas(sale: Sale, sign: int, network: dict, days: dict, months: dict) -> None:
    """Add ``sign`` times the sale to the rows' deltas, keyed as each table's
    unique constraint."""
    if sale.cancelled:
        # The network counts cancelled orders apart; the resellers do not.
        network[(sale.day, sale.channel)][3] += sign
        return
    figures = (sign, sign * sale.amount, sign * sale.commission_cents)
    targets = [network[(sale.day, sale.channel)]]
    for basis, organisation_id in (
        (Basis.BOUGHT, sale.organisation_id),
        (Basis.CREDITED, sale.credited_organisation_id),
    ):
        if organisation_id is not None:
            targets.append(days[(organisation_id, basis.value, sale.day, sale.channel)])
            month = first_of_month(sale.day)
            targets.append(months[(organisation_id, basis.value, month, sale.channel)])
    for target in targets:
        for i, value in enumerate(figures):
            target[i] += value


def sales_summary_count(*, before: Sale | None = None, after: Sale | None = None):
    """Move the rows from what an order counted as (``before``: None for a
    new order) to what it counts as now (``after``), inside the caller's
    transaction."""
    network: dict = defaultdict(lambda: [0, ZERO, 0, 0])  # and cancelled
    days: dict = defaultdict(lambda: [0, ZERO, 0])
    months: dict = defaultdict(lambda: [0, ZERO, 0])
    for sale, sign in ((before, -1), (after, 1)):
        if sale is not None:
            _deltas(sale, sign, network, days, months)
    _add(NetworkDaySales, ("day", "channel"), (*FIGURES, "cancelled"), network)
    keys = ("organisation_id", "basis", "day", "channel")
    _add(ResellerDaySales, keys, FIGURES, days)
    _add(ResellerMonthSales, (*keys[:2], "month", "channel"), FIGURES, months)


def _add(model: type[Model], keys: tuple, figures: tuple, deltas: dict) -> None:
    """Add the deltas to the rows of the table, in the order of their keys.

    Rows that only grow (every placement) take one statement for them all,
    inserted when new. A row that loses an order exists already (the order
    was counted in it) and is updated alone: its counts never go below zero
    (a database whose rows were not built yet), and it goes once it counts
    nothing, as a rebuild would leave it.
    """
    changes = sorted(
        (key, delta) for key, delta in deltas.items() if any(v != 0 for v in delta)
    )
    if not changes:
        return
    table = _Table(model, keys, figures)
    with connection.cursor() as cursor:
        if all(v >= 0 for _key, delta in changes for v in delta):
            table.grow(cursor, changes)
            return
        for key, delta in changes:
            if all(v >= 0 for v in delta):
                table.grow(cursor, [(key, delta)])
            else:
                table.shrink(cursor, key, delta)


class _Table:
    """The statements that add to one summary table's rows."""

    def __init__(self, model: type[Model], keys: tuple, figures: tuple) -> None:
        quote = connection.ops.quote_name
        self.name = quote(model._meta.db_table)
        self.keys, self.figures = [quote(k) for k in keys], [quote(f) for f in figures]
        # The counts (never below zero) among the figures.
        self.counted = [f in ("orders", "cancelled") for f in figures]

    def grow(self, cursor, changes: list) -> None:
        columns = [*self.keys, *self.figures]
        row = f"({', '.join(['%s'] * len(columns))})"
        added = ", ".join(f"{f} = {self.name}.{f} + excluded.{f}" for f in self.figures)
        cursor.execute(
            f"INSERT INTO {self.name} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES {', '.join([row] * len(changes))} "
            f"ON CONFLICT ({', '.join(self.keys)}) DO UPDATE SET {added}",
            [value for key, delta in changes for value in (*key, *delta)],
        )

    def shrink(self, cursor, key: tuple, delta: list) -> None:
        settings, values = [], []
        for name, counted, value in zip(self.figures, self.counted, delta, strict=True):
            if counted:
                settings.append(
                    f"{name} = CASE WHEN {name} + %s < 0 THEN 0 ELSE {name} + %s END"
                )
                values += [value, value]
            else:
                settings.append(f"{name} = {name} + %s")
                values.append(value)
        where = " AND ".join(f"{k} = %s" for k in self.keys)
        cursor.execute(
            f"UPDATE {self.name} SET {', '.join(settings)} WHERE {where}",  # noqa: S608
            [*values, *key],
        )
        counts = zip(self.figures, self.counted, strict=True)
        empty = " AND ".join(f"{name} = 0" for name, counted in counts if counted)
        cursor.execute(
            f"DELETE FROM {self.name} WHERE {where} AND {empty}",  # noqa: S608
            list(key),
        )
