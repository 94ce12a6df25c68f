"""Credit limit and overdue hold: when a reseller may no longer order on account.

What an organisation owes on account (``owed_on_account``) is:

- its invoices still open (``balance_owed``: totals less payments and
  credit notes), plus
- what it ordered on account and was not billed yet, at its price incl.
  VAT: the units of its orders on account (not cancelled) still to ship,
  invoiced when they leave; and, for a reseller invoiced monthly, the units
  shipped since the start of last month that the month's invoice has not
  billed yet. A shipment older than that without an invoice left before the
  portal invoiced (a database that held orders before invoicing existed):
  it was billed elsewhere and counts for nothing here.

An order on account is refused when that, plus the new order, passes the
credit limit (none when the limit is empty), or when one of its invoices is
overdue by more than ``InvoicingSettings.overdue_block_days``. The message
says what is owed and whom to call; card payment stays open.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.network.models import Organisation
from ordering.invoicing.models import ZERO, Invoice, InvoicingSettings, left_to_pay
from ordering.invoicing.selectors import balance_owed
from ordering.orders.models import Order, OrderLine
from ordering.shipping.models import ShipmentLine
from portal.money import money, money_format


@dataclass(frozen=True)
class Hold:
    """Why an order on account is refused, in words for the reseller."""

    kind: str  # "limit" or "overdue"
    owed: Decimal
    overdue_numbers: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def ordered_not_invoiced(
    organisation: Organisation, *, on: date | None = None
) -> Decimal:
    """Units ordered on account and not billed yet, at their price incl. VAT
    (one query; two for a reseller invoiced monthly)."""
    on_account = Q(order__organisation=organisation) & Q(
        order__payment_method=Order.PaymentMethod.ON_ACCOUNT
    )
    to_ship = (
        OrderLine.objects.filter(on_account, quantity__gt=F("quantity_shipped"))
        .exclude(order__status=Order.Status.CANCELLED)
        .annotate(units=F("quantity") - F("quantity_shipped"))
        .values_list("units", "unit_price", "vat_rate")
    )
    rows = list(to_ship)
    if organisation.invoicing_mode == Organisation.InvoicingMode.MONTHLY:
        on = on or timezone.localdate()
        last_month = (on.replace(day=1) - timedelta(days=1)).replace(day=1)
        since = timezone.make_aware(datetime.combine(last_month, time.min))
        rows += ShipmentLine.objects.filter(
            shipment__order__organisation=organisation,
            shipment__order__payment_method=Order.PaymentMethod.ON_ACCOUNT,
            shipment__invoicing__isnull=True,
            shipment__shipped_at__gte=since,
        ).values_list("quantity", "order_line__unit_price", "order_line__vat_rate")
    return sum(
        (money(units * price * (1 + rate / 100)) for units, price, rate in rows),
        ZERO,
    )


def owed_on_account(organisation: Organisation) -> Decimal:
    """Open invoices plus what was ordered on account and not invoiced yet."""
    return balance_owed(organisation) + ordered_not_invoiced(organisation)


def _whom_to_call(settings: InvoicingSettings) -> str:
    return _(
        "Call our accounts department on %(phone)s or write to %(email)s; "
        "you may still pay this order by card."
    ) % {"phone": settings.phone, "email": settings.email}


def on_account_hold(
    organisation: Organisation, *, adding: Decimal, on: date | None = None
) -> Hold | None:
    """Why an order of ``adding`` (incl. VAT) on account is refused, or None.

    An invoice overdue by more than the set number of days comes first (it
    says which invoices to pay); then the credit limit. One query when the
    organisation has no limit and nothing overdue (every order on account
    asks).
    """
    on = on or timezone.localdate()
    open_invoices = Invoice.objects.filter(organisation=organisation).open()
    summary = open_invoices.aggregate(
        owed=Sum(left_to_pay()),
        oldest_due=Min("due_date"),
    )
    owed_invoiced = summary["owed"] or ZERO
    late_since = summary["oldest_due"]
    if organisation.credit_limit is None and (late_since is None or late_since >= on):
        return None
    settings = InvoicingSettings.load()
    block_before = on - timedelta(days=settings.overdue_block_days)
    if late_since is not None and late_since < block_before:
        late = list(
            open_invoices.filter(due_date__lt=block_before)
            .order_by("due_date", "number")
            .values_list("number", flat=True)
        )
        message = _(
            "Ordering on account is suspended: invoice(s) %(numbers)s are "
            "overdue by more than %(days)s days, and %(owed)s is owed in all."
        ) % {
            "numbers": ", ".join(late),
            "days": settings.overdue_block_days,
            "owed": money_format(owed_invoiced),
        }
        return Hold(
            kind="overdue",
            owed=owed_invoiced,
            overdue_numbers=tuple(late),
            message=f"{message} {_whom_to_call(settings)}",
        )
    limit = organisation.credit_limit
    if limit is None:
        return None
    owed = owed_invoiced + ordered_not_invoiced(organisation)
    if owed + adding <= limit:
        return None
    message = _(
        "This order (%(adding)s) would take what %(organisation)s owes on "
        "account to %(total)s, above its credit limit of %(limit)s: %(owed)s is "
        "already owed, invoiced or ordered."
    ) % {
        "adding": money_format(adding),
        "organisation": organisation.name,
        "total": money_format(owed + adding),
        "limit": money_format(limit),
        "owed": money_format(owed),
    }
    return Hold(
        kind="limit",
        owed=owed,
        overdue_numbers=(),
        message=f"{message} {_whom_to_call(settings)}",
    )
