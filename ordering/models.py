"""Catalogue, stock, carts, orders, shipments and payments.

Invariants that must hold whatever the code does are database constraints:
stock never goes negative nor is over-reserved, a quantity is positive, an
order number, a checkout submission, a Stripe event and a carrier event are
each stored once.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.db.models.lookups import Exact
from django.utils.encoding import force_str
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal.folding import Fold

CENT = Decimal("0.01")


def money(amount: Decimal) -> Decimal:
    """Round to the cent, half up, as invoices do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class ChoiceLabels:
    """``get_FOO_display()`` translating only the label it returns.

    Django's own builds a dict of the field's choices on each call, and
    hashing a lazy label translates it: a page of 25 orders ran about 230
    translations, a third of its time, to show 25 status labels.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        for key, label in field.flatchoices:
            if key == value:
                return force_str(label, strings_only=True)
        return force_str(value, strings_only=True)


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

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["reference"]
        indexes = [
            # The stock search looks for appliances by name or reference: a
            # few hundred index entries instead of the whole catalogue.
            models.Index(
                fields=["kind", "name", "reference"], name="product_kind_name_idx"
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

    class Meta:
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

    class CreditRule(models.TextChoices):
        INSTALLER = "installer", _("Installed the customer's appliance")
        TERRITORY = "territory", _("Delivery address in their territory")
        REASSIGNED = "reassigned", _("Reassigned by staff")

    class PaymentMethod(models.TextChoices):
        CARD = "card", _("Card")
        ON_ACCOUNT = "on_account", _("On account")
        # For customers when card payment is off: paid before it is prepared.
        BANK_TRANSFER = "transfer", _("Bank transfer")

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
    end_customer_name = models.CharField(_("end customer"), max_length=150, blank=True)
    # What the order search compares typed words with (see portal.folding).
    end_customer_folded = models.GeneratedField(
        expression=Fold("end_customer_name"),
        output_field=models.TextField(),
        db_persist=True,
    )
    # The shared customer record, when the order is for (or by) one.
    customer = models.ForeignKey(
        "accounts.Customer",
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

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(quantity_shipped__lte=F("quantity")),
                name="order_line_not_over_shipped",
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


class StockReservation(models.Model):
    """Units of one order line held in one warehouse until shipped or cancelled."""

    order_line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="reservations"
    )
    stock_level = models.ForeignKey(
        StockLevel, on_delete=models.PROTECT, related_name="reservations"
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order_line", "stock_level"], name="reservation_unique"
            )
        ]

    def __str__(self):
        return f"{self.quantity} × {self.stock_level}"


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


class Carrier(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Used in the address of the carrier's event endpoint."),
    )
    tracking_url_pattern = models.CharField(
        _("tracking link pattern"),
        max_length=300,
        help_text=_("The carrier's page, with {number} where the number goes."),
    )
    webhook_secret = models.CharField(
        _("webhook secret"),
        max_length=100,
        blank=True,
        help_text=_("Shared with the carrier to sign the events it pushes (HMAC)."),
    )

    class Meta:
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def tracking_url(self, number: str) -> str:
        from urllib.parse import quote

        return self.tracking_url_pattern.replace("{number}", quote(number, safe=""))


class Shipment(ChoiceLabels, ClusterableModel):
    """A parcel that left a warehouse with some lines of an order."""

    class Status(models.TextChoices):
        IN_TRANSIT = "in_transit", _("In transit")
        DELIVERED = "delivered", _("Delivered")

    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        related_name="shipments",
        verbose_name=_("order"),
    )
    carrier = models.ForeignKey(
        Carrier, on_delete=models.PROTECT, related_name="+", verbose_name=_("carrier")
    )
    tracking_number = models.CharField(_("tracking number"), max_length=60)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_TRANSIT
    )
    shipped_at = models.DateTimeField(_("shipped"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-shipped_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "tracking_number"], name="shipment_tracking_unique"
            )
        ]
        indexes = [models.Index(fields=["tracking_number"], name="shipment_track_idx")]

    def __str__(self):
        return f"{self.carrier} {self.tracking_number}"

    @property
    def tracking_url(self) -> str:
        return self.carrier.tracking_url(self.tracking_number)

    @property
    def tracking_status(self) -> str:
        """Where the parcel is now: its latest tracking event by the time it
        happened (carriers send them out of order), else its own status.

        ``status`` stays the life cycle the order follows (in transit, then
        delivered, never back); this is what the badge, the API and the
        e-mails show. Reads the annotation ``latest_event_status`` when the
        queryset has it, else the (prefetched) events, newest first.
        """
        if hasattr(self, "latest_event_status"):
            latest = self.latest_event_status
        else:
            events = self.tracking_events.all()
            latest = events[0].status if events else None
        return latest or self.status

    def get_tracking_status_display(self) -> str:
        return TrackingEvent.Status(self.tracking_status).label


class ShipmentLine(models.Model):
    shipment = ParentalKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        OrderLine,
        on_delete=models.PROTECT,
        related_name="shipment_lines",
        verbose_name=_("order line"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("shipped line")
        verbose_name_plural = _("shipped lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="shipment_line_quantity_positive"
            )
        ]

    def __str__(self):
        return f"{self.quantity} × {self.order_line.product_reference}"


class TrackingEvent(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        PICKED_UP = "picked_up", _("Picked up")
        IN_TRANSIT = "in_transit", _("In transit")
        OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
        DELIVERED = "delivered", _("Delivered")
        EXCEPTION = "exception", _("Delivery problem")

    shipment = ParentalKey(
        Shipment, on_delete=models.CASCADE, related_name="tracking_events"
    )
    occurred_at = models.DateTimeField(_("time"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    location = models.CharField(_("place"), max_length=120, blank=True)
    description = models.CharField(_("details"), max_length=300, blank=True)
    # NULL for events typed in the admin: they never collide with each other.
    carrier_event_id = models.CharField(  # noqa: DJ001
        max_length=100,
        null=True,
        blank=True,
        editable=False,
        help_text="The carrier's id of the event, so a resent event is stored once.",
    )

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "carrier_event_id"],
                name="tracking_event_once",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()} — {self.location}"


class Payment(ChoiceLabels, models.Model):
    """A card payment through a Stripe Checkout Session."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PROCESSING = "processing", _("Processing")
        SUCCEEDED = "succeeded", _("Paid")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    checkout_session_id = models.CharField(max_length=255, unique=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    refund_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.order} {self.amount} {self.currency} ({self.status})"


class StripeEvent(models.Model):
    """A webhook event already handled; Stripe may send one several times."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.event_id
