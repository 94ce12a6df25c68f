"""Warehouses and stock levels, and the units held for order lines.

Stock never goes negative nor is over-reserved: database constraints. The
tables keep the names they had in the ``ordering`` app (``db_table``).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ordering.catalogue.models import Product


class Warehouse(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    city = models.CharField(_("city"), max_length=100, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=10,
        help_text=_("Orders are served from the lowest number first."),
    )

    class Meta:
        db_table = "ordering_warehouse"
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["priority", "code"]

    def __str__(self):
        return self.name


class StockLevel(models.Model):
    """Units of a product in a warehouse; ``reserved`` are promised to orders."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="stock_levels",
        verbose_name=_("product"),
    )
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        related_name="stock_levels",
        verbose_name=_("warehouse"),
    )
    on_hand = models.PositiveIntegerField(_("on hand"), default=0)
    reserved = models.PositiveIntegerField(_("reserved"), default=0)
    restock_date = models.DateField(_("expected restock date"), null=True, blank=True)
    restock_quantity = models.PositiveIntegerField(
        _("expected restock quantity"), null=True, blank=True
    )
    # When the product, out of stock in every warehouse, became available
    # again through this row (``stock_adjust``): "back in stock" on the home.
    restocked_at = models.DateTimeField(
        _("back in stock at"), null=True, blank=True, editable=False
    )

    class Meta:
        db_table = "ordering_stocklevel"
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        ordering = ["product", "warehouse"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "warehouse"], name="stock_level_unique"
            ),
            models.CheckConstraint(
                condition=Q(on_hand__gte=0), name="stock_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__gte=0) & Q(reserved__lte=F("on_hand")),
                name="stock_not_over_reserved",
            ),
        ]

    def __str__(self):
        return f"{self.product.reference} @ {self.warehouse.code}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockReservation(models.Model):
    """Units of one order line held in one warehouse until shipped or cancelled."""

    order_line = models.ForeignKey(
        "ordering.OrderLine", on_delete=models.CASCADE, related_name="reservations"
    )
    stock_level = models.ForeignKey(
        StockLevel, on_delete=models.PROTECT, related_name="reservations"
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        db_table = "ordering_stockreservation"
        constraints = [
            models.UniqueConstraint(
                fields=["order_line", "stock_level"], name="reservation_unique"
            )
        ]

    def __str__(self):
        return f"{self.quantity} × {self.stock_level}"
