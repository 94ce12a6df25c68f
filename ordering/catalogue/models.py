"""What Oxyplus sells: products, which part fits which appliance, reseller prices.

The tables keep the names they had in the ``ordering`` app (``db_table``).
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from portal.choices import ChoiceLabels
from portal.clusters import ClusterableModel
from portal.folding import Fold


class Product(ChoiceLabels, ClusterableModel):
    """Something Oxyplus sells: an appliance or what it needs over its life."""

    class Kind(models.TextChoices):
        APPLIANCE = "appliance", _("Appliance")
        CONSUMABLE = "consumable", _("Consumable")
        SPARE_PART = "spare_part", _("Spare part")
        ACCESSORY = "accessory", _("Accessory")

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # What the stock and header searches compare typed words with.
    name_folded = models.GeneratedField(
        expression=Fold("name"),
        output_field=models.TextField(),
        db_persist=True,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    unit_price = models.DecimalField(
        _("unit price excl. VAT"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Catalogue price in euros, before any reseller discount."),
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"), max_digits=4, decimal_places=2, default=Decimal("20.00")
    )
    replacement_interval_months = models.PositiveSmallIntegerField(
        _("replacement interval (months)"),
        null=True,
        blank=True,
        help_text=_("For consumables: how often the customer should change it."),
    )
    low_stock_threshold = models.PositiveIntegerField(
        _("low stock threshold"),
        default=5,
        help_text=_("At or below this total quantity, stock is shown as low."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive products cannot be ordered.")
    )
    # Units on hand less reserved over every warehouse. The database keeps it
    # (triggers on the stock levels, ordering/stock migration 0003), so that
    # "what is short" reads the short products through a partial index
    # instead of summing every product's stock levels.
    stock_available = models.IntegerField(
        _("available in stock"), default=0, editable=False
    )
    # An appliance's warranty (accounts.aftersales.warranty reads these): it
    # runs from the installation date, and each maintenance visit made within
    # the window around a due date extends it, up to the maximum.
    warranty_months = models.PositiveSmallIntegerField(
        _("warranty (months)"),
        default=24,
        help_text=_("For appliances: the standard warranty from installation."),
    )
    warranty_extension_months = models.PositiveSmallIntegerField(
        _("extension per maintenance visit (months)"), default=12
    )
    warranty_max_months = models.PositiveSmallIntegerField(
        _("longest warranty (months)"), default=60
    )
    service_interval_months = models.PositiveSmallIntegerField(
        _("maintenance every (months)"), default=12
    )
    service_window_days = models.PositiveSmallIntegerField(
        _("visit window around the due date (days)"),
        default=60,
        help_text=_("A maintenance visit this many days before or after counts."),
    )

    class Meta:
        db_table = "ordering_product"
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["reference"]
        indexes = [
            # The stock search looks for appliances by name or reference: a
            # few hundred index entries instead of the whole catalogue.
            models.Index(
                fields=["kind", "name", "reference"], name="product_kind_name_idx"
            ),
            # Only the products short of stock: the managers' stock alerts.
            models.Index(
                fields=["stock_available", "reference"],
                condition=Q(is_active=True)
                & Q(stock_available__lte=F("low_stock_threshold")),
                name="product_stock_short_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="product_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lt=100),
                name="product_vat_rate_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.name}"

    @property
    def is_appliance(self) -> bool:
        return self.kind == self.Kind.APPLIANCE


class Compatibility(models.Model):
    """One line of the appliance ↔ consumables and spare parts table.

    The documentation and the installation form read this table; nobody
    retypes which filter fits which appliance.
    """

    appliance = ParentalKey(
        Product,
        on_delete=models.CASCADE,
        related_name="compatible_parts",
        limit_choices_to={"kind": Product.Kind.APPLIANCE},
        verbose_name=_("appliance"),
    )
    part = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="fits",
        limit_choices_to=~Q(kind=Product.Kind.APPLIANCE),
        verbose_name=_("consumable or part"),
    )
    quantity_per_change = models.PositiveSmallIntegerField(
        _("quantity per change"), default=1
    )

    class Meta:
        db_table = "ordering_compatibility"
        verbose_name = _("compatible part")
        verbose_name_plural = _("compatible parts")
        ordering = ["appliance", "part__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["appliance", "part"], name="compatibility_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(quantity_per_change__gte=1),
                name="compatibility_quantity_positive",
            ),
        ]

    def __str__(self):
        return f"{self.appliance.reference} ← {self.part.reference}"


class ServiceChecklistItem(Orderable):
    """One point a technician checks on a maintenance or repair visit."""

    class Kind(models.TextChoices):
        CHECK = "check", _("Check (done or not)")
        MEASURE = "measure", _("Measurement")

    appliance = ParentalKey(
        Product,
        on_delete=models.CASCADE,
        related_name="checklist_items",
        limit_choices_to={"kind": Product.Kind.APPLIANCE},
        verbose_name=_("appliance"),
    )
    label = models.CharField(_("point to check"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=8, choices=Kind.choices, default=Kind.CHECK
    )
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("For a measurement: bar…")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("checklist point")
        verbose_name_plural = _("visit checklist")

    def __str__(self):
        return self.label


class PriceList(ClusterableModel):
    """Reseller prices: a discount tier on the catalogue, and specific prices."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    discount_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Applied to the catalogue price of every product not listed."),
    )

    class Meta:
        db_table = "ordering_pricelist"
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0) & Q(discount_percent__lt=100),
                name="price_list_discount_is_a_percentage",
            )
        ]

    def __str__(self):
        return self.name


class PriceListEntry(models.Model):
    price_list = ParentalKey(
        PriceList, on_delete=models.CASCADE, related_name="entries"
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    unit_price = models.DecimalField(
        _("unit price excl. VAT"), max_digits=10, decimal_places=2
    )

    class Meta:
        db_table = "ordering_pricelistentry"
        verbose_name = _("specific price")
        verbose_name_plural = _("specific prices")
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product"], name="price_list_entry_unique"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="price_list_entry_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.price_list}: {self.product.reference}"
