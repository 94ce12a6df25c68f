"""What staff did to personal data or to a sale's credit, and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEntry(models.Model):
    """One staff action that must be accountable later; never edited."""

    class Action(models.TextChoices):
        CUSTOMER_EXPORTED = "customer_exported", _("Customer data exported")
        CUSTOMER_ERASED = "customer_erased", _("Customer personal data erased")
        CREDIT_REASSIGNED = "credit_reassigned", _("Sale credited to another reseller")
        CREDIT_NOTE_ISSUED = "credit_note_issued", _("Credit note issued")
        PAYMENT_RECORDED = "payment_recorded", _("Payment recorded")
        CREDIT_HOLD_LIFTED = "credit_hold_lifted", _("Order on account allowed")

    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=pgettext_lazy("audit entry", "by"),
    )
    # Kept as text too: the object may lose its name (an erased customer).
    subject = models.CharField(_("about"), max_length=200)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    order = models.ForeignKey(
        "ordering.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        db_table = "accounts_auditentry"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.subject}"
