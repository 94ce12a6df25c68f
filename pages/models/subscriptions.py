"""Who hears of a change to an appliance's documentation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ordering.catalogue.models import Product
from pages.models.documentation import APPLIANCES


class DocumentationSubscription(models.Model):
    """A reseller user who wants an email when an appliance's documentation changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="documentation_subscriptions",
    )
    appliance = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="documentation_subscriptions",
        limit_choices_to=APPLIANCES,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("documentation subscription")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "appliance"], name="one_subscription_per_appliance"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.appliance}"
