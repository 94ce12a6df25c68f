"""Each unit a safety notice reaches, followed until its installer acts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitNotice(models.Model):
    """One safety notice on one installed unit: notified, read, done.

    One row per (notice, unit): publishing a notice again adds the units that
    now match and leaves the rows already there as they are.
    """

    notice = models.ForeignKey(
        "pages.SafetyNoticePage",
        on_delete=models.CASCADE,
        related_name="unit_notices",
        verbose_name=_("safety notice"),
    )
    installation = models.ForeignKey(
        "customers.Installation",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("installation"),
    )
    notified_at = models.DateTimeField(_("notified"))
    # The unit's own deadline: the notice's days to act from its notification.
    due_on = models.DateField(_("action due"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )
    # The customer's own acknowledgement, on their space's home.
    customer_read_at = models.DateTimeField(
        _("read by the customer"), null=True, blank=True
    )
    done_at = models.DateTimeField(_("action done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    note = models.TextField(_("note"), blank=True)
    visit = models.ForeignKey(
        "aftersales.ServiceVisit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("visit"),
    )
    reminded_at = models.DateTimeField(_("installer reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit notice")
        verbose_name_plural = _("unit notices")
        ordering = ["-notified_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "installation"], name="unit_notice_once_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(read_at__isnull=False),
                name="unit_notice_done_was_read",
            ),
        ]
        indexes = [
            models.Index(
                fields=["done_at", "reminded_at", "due_on"],
                name="unit_notice_reminder_idx",
            ),
        ]

    def __str__(self):
        return f"{self.notice_id} · {self.installation_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
