"""The dashboards' summary rows worked out again from the orders.

The services keep the rows by adding to them (``summary``). Data written
without them (a bulk load, a fixture, a row edited by hand) is put right
here: ``sales_summary_refresh(keys)`` rewrites the rows of a few days and
their resellers' months, ``sales_summary_rebuild`` every row (``manage.py
rebuild_sales_summary``). Both read and replace rows that a placement adds
to: run them while no order is being placed on those days (a rebuild locks
nothing and would miss an order placed during it).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Model, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from ordering.orders.models import Order
from ordering.orders.services.summary import (
    NOT_CANCELLED,
    ZERO,
    SalesKey,
    commission_cents,
    first_of_month,
    local_midnight,
)
from ordering.orders.summaries import (
    Basis,
    NetworkDaySales,
    ResellerDaySales,
    ResellerMonthSales,
)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


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


# --- The rows of a few keys --------------------------------------------------


def sales_summary_refresh(keys: Iterable[SalesKey]) -> None:
    """Work out again, from the orders, the summary rows of these keys (and
    the months of their resellers), inside the caller's transaction."""
    keys = set(keys)
    if not keys:
        return
    with transaction.atomic():
        _network_refresh(sorted({key.day for key in keys}))
        resellers = {key for key in keys if key.organisation_id is not None}
        if resellers:
            _resellers_refresh(resellers)


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
