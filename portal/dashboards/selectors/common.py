"""What every dashboard figure shares: the period filter, day buckets, cents.

The sales figures read the daily rows of ``ordering.orders.summaries``."""

from decimal import Decimal

from django.db.models import (
    DateField,
    Q,
)
from django.db.models.functions import Trunc

from ordering.orders.models import Order
from ordering.orders.services.summary import CREDITED_CHANNELS  # noqa: F401
from portal.dashboards.periods import Period
from portal.money import money

ZERO = Decimal("0.00")

CHANNELS = (Order.Channel.RESELLER, Order.Channel.WEB, Order.Channel.CALL_CENTER)


def days_in(period: Period, field_name: str = "day") -> Q:
    """The summary rows (``ordering.orders.summaries``) of the period's days:
    the orders placed from ``period.since`` until ``period.until``, each
    row's day being the Paris date of its orders."""
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})


def date_bucket(field_name: str, granularity: str) -> Trunc:
    # In the current time zone (Europe/Paris): a sale at 00:30 on the 2nd
    # belongs to the 2nd, not to the 1st as in UTC.
    return Trunc(field_name, granularity, output_field=DateField())


def amount_to_cent(value) -> Decimal:
    """A sum read from the database, to the cent (SQLite adds in floats)."""
    return money(Decimal(value)) if value is not None else ZERO


def change_percent(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    if not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(
        Decimal("1")
    )
