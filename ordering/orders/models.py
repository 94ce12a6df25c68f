"""Carts, orders with their lines and timeline.

An order number and a checkout submission are each stored once; a quantity
is positive; the totals add up to the cent: database constraints.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round, Upper
from django.db.models.lookups import Exact
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ordering.catalogue.models import Product
from ordering.orders.summaries import (  # noqa: F401 (the app's models)
    NetworkDaySales,
    ResellerDaySales,
    ResellerMonthSales,
)
from portal.choices import ChoiceLabels
from portal.folding import Fold
from portal.money import money


class Cart(models.Model):
    """The basket of one person; staff choose whom they order for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Whose prices apply; staff may leave it empty for a customer."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self):
        return str(self.user)


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "product"], name="cart_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="cart_line_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product}"


class Order(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", pgettext_lazy("order status", "Placed")
        PAID = "paid", pgettext_lazy("order status", "Paid")
        CONFIRMED = "confirmed", pgettext_lazy("order status", "Confirmed")
        PREPARING = "preparing", pgettext_lazy("order status", "Preparing")
        PARTIALLY_SHIPPED = (
            "partially_shipped",
            pgettext_lazy("order status", "Partially shipped"),
        )
        SHIPPED = "shipped", pgettext_lazy("order status", "Shipped")
        DELIVERED = "delivered", pgettext_lazy("order status", "Delivered")
        CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")

    class Channel(models.TextChoices):
        RESELLER = "reseller", _("Reseller portal")
        WEB = "web", _("Website")
        CALL_CENTER = "call_center", _("Call center")
        # A free replacement part sent for an approved warranty claim.
        WARRANTY = "warranty", _("Warranty replacement")

    class CreditRule(models.TextChoices):
        INSTALLER = "installer", _("Installed the customer's appliance")
        TERRITORY = "territory", _("Delivery address in their territory")
        REASSIGNED = "reassigned", _("Reassigned by staff")

    class PaymentMethod(models.TextChoices):
        CARD = "card", _("Card")
        ON_ACCOUNT = "on_account", _("On account")
        # For customers when card payment is off: paid before it is prepared.
        BANK_TRANSFER = "transfer", _("Bank transfer")

    class ShippingPreference(models.TextChoices):
        # What the buyer chose when some units were short (back-ordered).
        TOGETHER = "together", _("Ship everything together")
        AS_AVAILABLE = (
            "as_available",
            _("Ship what is available now, the rest when it arrives"),
        )

    # NULL until the row exists: the number is built from its id.
    number = models.CharField(  # noqa: DJ001
        _("order number"), max_length=20, unique=True, null=True, editable=False
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("reseller"),
    )
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.RESELLER
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("placed by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLACED
    )
    payment_method = models.CharField(
        _("payment"), max_length=12, choices=PaymentMethod.choices
    )
    purchase_order_reference = models.CharField(
        _("your purchase order reference"), max_length=60, blank=True
    )
    # Matters only while some units are back-ordered: "together" holds the
    # whole order until every line is reserved.
    shipping_preference = models.CharField(
        _("shipping"),
        max_length=12,
        choices=ShippingPreference.choices,
        default=ShippingPreference.TOGETHER,
        db_default=ShippingPreference.TOGETHER,  # the bench data set inserts rows
    )
    end_customer_name = models.CharField(_("end customer"), max_length=150, blank=True)
    # What the order search compares typed words with (see portal.folding).
    end_customer_folded = models.GeneratedField(
        expression=Fold("end_customer_name"),
        output_field=models.TextField(),
        db_persist=True,
    )
    # The shared customer record, when the order is for (or by) one.
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("customer"),
    )
    # The reseller whose network made this sale: paid a commission on it.
    credited_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credited_orders",
        verbose_name=_("credited to"),
    )
    credit_rule = models.CharField(
        _("why credited"),
        max_length=12,
        choices=CreditRule.choices,
        blank=True,
        default="",
        db_default="",  # the bench data set inserts rows with SQL
    )
    # The reseller's rate when the sale was credited: a later change of rate
    # does not rewrite past statements.
    commission_rate = models.DecimalField(
        _("commission rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Who receives the shipping and delivery notices."),
    )
    delivery_name = models.CharField(_("deliver to"), max_length=200)
    delivery_line1 = models.CharField(_("address"), max_length=200)
    delivery_line2 = models.CharField(
        _("address (continued)"), max_length=200, blank=True
    )
    delivery_postcode = models.CharField(_("postcode"), max_length=10)
    delivery_city = models.CharField(_("city"), max_length=100)
    delivery_country = models.CharField(_("country"), max_length=2, default="FR")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    total_excl_vat = models.DecimalField(
        _("total excl. VAT"), max_digits=12, decimal_places=2
    )
    total_vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total_incl_vat = models.DecimalField(
        _("total incl. VAT"), max_digits=12, decimal_places=2
    )
    submission_key = models.CharField(max_length=64, unique=True, editable=False)
    placed_at = models.DateTimeField(_("placed"), db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(
                fields=["organisation", "-placed_at"], name="order_org_recent_idx"
            ),
            models.Index(fields=["status"], name="order_status_idx"),
            models.Index(
                fields=["credited_organisation", "-placed_at"],
                name="order_credited_recent_idx",
            ),
            # Every column the order search reads: a reseller's search scans
            # this index, not thousands of table rows (on PostgreSQL a
            # trigram index serves the customer name too, see 0009).
            models.Index(
                fields=[
                    "organisation",
                    "end_customer_folded",
                    "purchase_order_reference",
                    "number",
                ],
                name="order_org_search_idx",
            ),
            # The search's purchase-order reference, matched case aside: its
            # own branch of the search's UNION, read without a table scan.
            models.Index(
                Upper("purchase_order_reference"), name="order_po_reference_upper_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                # Compared to the cent: SQLite adds decimals as floats, where
                # 423.30 + 84.66 is not 507.96.
                condition=Exact(
                    Round(
                        F("total_excl_vat") + F("total_vat") - F("total_incl_vat"), 2
                    ),
                    Decimal("0"),
                ),
                name="order_totals_add_up",
            )
        ]

    def __str__(self):
        return self.number or _("Order being placed")

    @property
    def awaits_card_payment(self) -> bool:
        """Placed to be paid by card, and not paid yet."""
        return (
            self.payment_method == self.PaymentMethod.CARD
            and self.status == self.Status.PLACED
        )

    @property
    def delivery_address_lines(self) -> list[str]:
        lines = [self.delivery_name, self.delivery_line1, self.delivery_line2]
        lines.append(f"{self.delivery_postcode} {self.delivery_city}")
        return [line for line in lines if line]


class OrderLine(models.Model):
    """A product and quantity at the price agreed when the order was placed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="order_lines"
    )
    product_reference = models.CharField(_("reference"), max_length=40, db_index=True)
    product_name = models.CharField(_("product"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(
        _("unit price excl. VAT"), max_digits=10, decimal_places=2
    )
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2)
    quantity_shipped = models.PositiveIntegerField(_("shipped"), default=0)
    # Units not in stock when the order was placed, still waiting for a
    # receipt to reserve them (``backorders_fill``); and how many were short
    # at placement, which tells the shipment that carries them.
    quantity_backordered = models.PositiveIntegerField(
        _("back-ordered"), default=0, db_default=0
    )
    backordered_at_placement = models.PositiveIntegerField(
        _("back-ordered when placed"), default=0, db_default=0
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "id"]
        indexes = [
            # The few lines still waiting for stock: lists flag their orders
            # (``with_backorder_flag``) from it. Without it PostgreSQL answered
            # the flag of 25 orders by reading all 1,000,000 lines (114 ms).
            models.Index(
                fields=["order"],
                condition=Q(quantity_backordered__gt=0),
                name="orderline_backordered_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(quantity_shipped__lte=F("quantity")),
                name="order_line_not_over_shipped",
            ),
            models.CheckConstraint(
                condition=Q(
                    quantity_backordered__lte=F("quantity") - F("quantity_shipped")
                )
                & Q(backordered_at_placement__lte=F("quantity")),
                name="order_line_backorder_within_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_reference}"

    @property
    def unit_price_incl_vat(self) -> Decimal:
        """What a consumer reads: the unit price with its VAT, to the cent."""
        return money(self.unit_price * (1 + self.vat_rate / 100))

    @property
    def total_excl_vat(self) -> Decimal:
        return money(self.unit_price * self.quantity)

    @property
    def quantity_to_ship(self) -> int:
        return self.quantity - self.quantity_shipped

    @property
    def quantity_ready(self) -> int:
        """Units reserved for the line and not shipped yet: what may leave now."""
        return self.quantity_to_ship - self.quantity_backordered


class OrderEvent(ChoiceLabels, models.Model):
    """One entry of an order's timeline: who did what, when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Order.Status.choices, blank=True
    )
    note = models.CharField(_("details"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.note or self.get_status_display()

    @property
    def note_display(self) -> str:
        """System notes are stored in English and shown in the reader's
        language; a note typed by a person is shown as typed."""
        return gettext(self.note) if self.note else ""
