"""The dashboards' sales figures, added up per day (and per month) ahead of time.

A dashboard over two years must not add up hundreds of thousands of orders on
every view. These rows hold, per local day (the Europe/Paris date an order was
placed on) and channel, the number of orders, their amount excl. VAT and the
commission in whole cents; cancelled orders never count. The services that
place, cancel or re-credit an order rewrite the rows it touches in the same
transaction (``ordering.orders.services.summary``), and ``manage.py
rebuild_sales_summary`` writes them all again from the orders.

Three tables, each small for the read it serves:

- ``NetworkDaySales``: the whole network, one row per day and channel (and
  the cancelled orders' count, which the managers' home counts among the
  day's orders). Two years: at most 730 × 4 rows.
- ``ResellerDaySales``: one reseller's figures per day and channel, as a
  buyer (``basis`` "bought": the orders of ``organisation``) and as the
  reseller a web or call-center sale is credited to (``basis`` "credited":
  the orders of ``credited_organisation``). A reseller's dashboard reads its
  own rows only: a couple of thousand for two years at most.
- ``ResellerMonthSales``: the same figures added up per calendar month. The
  managers' "top resellers" ranks every reseller over the period: it reads
  the month rows of the whole months inside the period and the day rows of
  the partial months at its two ends, so two years of a 1,000-reseller
  network read some tens of thousands of rows, not the daily rows of every
  reseller (which would be ten times as many).

Rows exist only for a reseller: orders without one (a customer's web order
credited to nobody) count in the network table alone, whose key has no
reseller, so every unique key is made of non-null columns and holds on
SQLite (where NULLs are distinct) as on PostgreSQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SalesFigures(models.Model):
    """What every summary row adds up: orders not cancelled, in one channel."""

    # The order's channel (``Order.Channel``), copied as it is.
    channel = models.CharField(_("channel"), max_length=12)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    amount = models.DecimalField(
        _("amount excl. VAT"), max_digits=14, decimal_places=2, default=0
    )
    # Each order's commission rounded to the cent, as its statement does.
    commission_cents = models.BigIntegerField(_("commission (cents)"), default=0)

    class Meta:
        abstract = True


class NetworkDaySales(SalesFigures):
    """Every order of the network placed on one local day in one channel."""

    day = models.DateField(_("day"))
    cancelled = models.PositiveIntegerField(_("cancelled orders"), default=0)

    class Meta:
        verbose_name = _("network sales of a day")
        verbose_name_plural = _("network sales of a day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel"], name="network_day_sales_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.channel}"


class Basis(models.TextChoices):
    BOUGHT = "bought", _("Bought by the reseller")
    CREDITED = "credited", _("Credited to the reseller")


class ResellerDaySales(SalesFigures):
    """One reseller's orders (or sales credited to it) of one local day."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    basis = models.CharField(_("basis"), max_length=8, choices=Basis.choices)
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("reseller sales of a day")
        verbose_name_plural = _("reseller sales of a day")
        constraints = [
            # Also the index of a reseller's dashboard (one reseller, a
            # range of days).
            models.UniqueConstraint(
                fields=["organisation", "basis", "day", "channel"],
                name="reseller_day_sales_unique",
            )
        ]
        indexes = [
            # The partial months of the "top resellers" across the network:
            # the day first, then every column that query reads, so it is
            # answered from the index alone without visiting the table.
            models.Index(
                fields=["day", "organisation", "basis", "channel", "amount"],
                name="reseller_day_sales_cover_idx",
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.basis} {self.day} {self.channel}"


class ResellerMonthSales(SalesFigures):
    """One reseller's orders (or sales credited to it) of one calendar month:
    the sum of its day rows of that month."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    basis = models.CharField(_("basis"), max_length=8, choices=Basis.choices)
    month = models.DateField(_("month"), help_text=_("Its first day."))

    class Meta:
        verbose_name = _("reseller sales of a month")
        verbose_name_plural = _("reseller sales of a month")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "basis", "month", "channel"],
                name="reseller_month_sales_unique",
            )
        ]
        indexes = [
            # The whole months of the "top resellers", read from the index
            # alone, as the day rows above (SQLite, two years: 40 → 14 ms).
            models.Index(
                fields=["month", "organisation", "basis", "channel", "amount"],
                name="reseller_month_sales_cover_idx",
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.basis} {self.month} {self.channel}"
