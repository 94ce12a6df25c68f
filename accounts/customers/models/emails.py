"""The e-mails sent to a customer, logged on their record."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.customers.models.customers import Customer


class CustomerEmail(models.Model):
    """An email sent to a customer: shown on their timeline for staff."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="emails"
    )
    template = models.CharField(max_length=80)
    subject = models.CharField(_("subject"), max_length=250)
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        db_table = "accounts_customeremail"
        verbose_name = _("email sent to a customer")
        verbose_name_plural = _("emails sent to customers")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["customer", "-sent_at"], name="customer_email_idx")
        ]

    def __str__(self):
        return self.subject
