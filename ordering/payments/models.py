"""Card payments through Stripe Checkout, and the Stripe events already handled.

A Stripe event is stored once. The tables keep the names they had in the
``ordering`` app (``db_table``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ordering.orders.models import Order
from portal.choices import ChoiceLabels


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
        db_table = "ordering_payment"
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

    class Meta:
        db_table = "ordering_stripeevent"

    def __str__(self):
        return self.event_id
