"""What every dashboard figure shares: the period filter, day buckets, cents."""

from decimal import Decimal

from django.db.models import (
    DateField,
    Q,
)
from django.db.models.functions import Trunc

from ordering.orders.models import Order
from portal.dashboards.periods import Period
from portal.money import money

ZERO = Decimal("0.00")

CREDITED_CHANNELS = (Order.Channel.WEB, Order.Channel.CALL_CENTER)
CHANNELS = (Order.Channel.RESELLER, Order.Channel.WEB, Order.Channel.CALL_CENTER)


def placed_in(period: Period) -> Q:
    return Q(placed_at__gte=period.since, placed_at__lt=period.until)


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


NOT_CANCELLED = ~Q(status=Order.Status.CANCELLED)
