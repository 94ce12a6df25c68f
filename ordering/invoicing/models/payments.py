"""Money received against invoices, and the reminders sent for late ones."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ordering.invoicing.models.documents import Invoice
from ordering.invoicing.models.fields import money_field
from portal.choices import ChoiceLabels


class Payment(ChoiceLabels, models.Model):
    """Money received from a reseller, set against one or several invoices."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        CARD = "card", _("Card")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="payments_received",
        verbose_name=_("reseller"),
    )
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.TRANSFER
    )
    received_on = models.DateField(_("received on"))
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    reference = models.CharField(
        _("bank reference"),
        max_length=100,
        help_text=_("As on the bank statement; a reference is recorded once."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment received")
        verbose_name_plural = _("payments received")
        ordering = ["-received_on", "-id"]
        constraints = [
            # The same transfer typed twice is refused, not recorded twice.
            models.UniqueConstraint(
                fields=["organisation", "method", "reference"],
                name="payment_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.amount} {self.currency})"


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="allocations"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="allocations"
    )
    amount = money_field(_("amount"))

    class Meta:
        verbose_name = _("payment allocation")
        verbose_name_plural = _("payment allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "invoice"], name="allocation_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="allocation_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.amount} → {self.invoice}"


class InvoiceReminder(models.Model):
    """A reminder sent for an overdue invoice: one row per step, never two."""

    class Step(models.TextChoices):
        DUE = "due", _("Due date passed")
        DAYS_15 = "15", _("15 days overdue")
        DAYS_30 = "30", _("30 days overdue")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="reminders"
    )
    step = models.CharField(_("step"), max_length=3, choices=Step.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "step"], name="reminder_once_per_step"
            )
        ]

    def __str__(self):
        return f"{self.invoice} {self.step}"
