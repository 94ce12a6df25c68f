"""Carriers, the parcels shipped with some lines of an order, and their tracking.

A carrier event is stored once. The tables keep the names they had in the
``ordering`` app (``db_table``).
"""

from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from ordering.orders.models import Order, OrderLine
from portal.choices import ChoiceLabels
from portal.clusters import ClusterableModel


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
        db_table = "ordering_carrier"
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def tracking_url(self, number: str) -> str:
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
        db_table = "ordering_shipment"
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
        db_table = "ordering_shipmentline"
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
        db_table = "ordering_trackingevent"
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
