"""The maintenance schedule: the consumables fitted with each installation,
when each is next due, and the reminders sent before that day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.customers.models.customers import Installation


class InstallationConsumable(models.Model):
    """A consumable fitted with the appliance, and when it was last changed."""

    installation = models.ForeignKey(
        Installation,
        on_delete=models.CASCADE,
        related_name="consumables",
        # consumable_unit_due_idx starts with it and serves its lookups.
        db_index=False,
    )
    part = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consumable"),
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    last_changed_on = models.DateField(_("last changed"))
    # Copied from the catalogue when fitted: the schedule the customer was
    # given does not move when the catalogue changes.
    interval_months = models.PositiveSmallIntegerField(
        _("change every (months)"), null=True, blank=True
    )
    next_due_on = models.DateField(_("next change"), null=True, blank=True)

    class Meta:
        db_table = "accounts_installationconsumable"
        verbose_name = _("consumable fitted")
        verbose_name_plural = _("consumables fitted")
        ordering = ["installation", "part__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["installation", "part"], name="consumable_once_per_installation"
            )
        ]
        indexes = [
            models.Index(fields=["next_due_on"], name="consumable_due_idx"),
            # A unit's consumables due by a day, from the index alone: the
            # reseller's dashboard counts them for each of its installations.
            models.Index(
                fields=["installation", "next_due_on"], name="consumable_unit_due_idx"
            ),
        ]

    def __str__(self):
        return f"{self.part} ({self.installation})"


class MaintenanceReminder(models.Model):
    """One reminder for one consumable falling due on one date.

    The unique pair makes a reminder impossible to create twice; the claim
    and sent times make a run that stopped half-way resume without sending
    anything twice (see ``accounts.customers.services.reminders``).
    """

    consumable = models.ForeignKey(
        InstallationConsumable, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(auto_now_add=True)
    customer_claimed_at = models.DateTimeField(null=True, blank=True)
    customer_sent_at = models.DateTimeField(
        _("sent to the customer"), null=True, blank=True
    )
    reseller_claimed_at = models.DateTimeField(null=True, blank=True)
    reseller_sent_at = models.DateTimeField(
        _("sent to the installer"), null=True, blank=True
    )

    class Meta:
        db_table = "accounts_maintenancereminder"
        verbose_name = _("maintenance reminder")
        verbose_name_plural = _("maintenance reminders")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consumable", "due_on"], name="one_reminder_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.consumable} → {self.due_on}"
