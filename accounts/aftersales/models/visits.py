"""A technician's maintenance or repair visit on an installed unit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabels
from portal.storage import private_storage


def _signature_path(visit: "ServiceVisit", filename: str) -> str:
    return f"visits/{visit.installation_id}/signature-{visit.token}.png"


class ServiceVisit(ChoiceLabels, models.Model):
    """What a technician did at the customer's home, signed by the customer.

    The checklist is kept as it was filled in (label, unit, answer): editing the
    appliance's checklist later never rewrites a signed report.
    """

    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("Maintenance")
        REPAIR = "repair", _("Repair")

    token = models.CharField(max_length=32, unique=True, editable=False)
    installation = models.ForeignKey(
        "customers.Installation",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("installation"),
    )
    # The reseller whose technician came: the installer, or another one the
    # customer called.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="service_visits",
        verbose_name=_("reseller"),
    )
    kind = models.CharField(_("kind of visit"), max_length=12, choices=Kind.choices)
    visited_on = models.DateField(_("visit date"))
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technician"),
    )
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    fault_code = models.CharField(_("fault code found"), max_length=20, blank=True)
    fixed = models.BooleanField(
        _("fixed on this visit"),
        null=True,
        blank=True,
        help_text=_("For a repair: was the fault fixed before leaving?"),
    )
    notes = models.TextField(_("notes"), blank=True)
    signature = models.FileField(
        _("customer's signature"),
        upload_to=_signature_path,
        storage=private_storage,
        blank=True,
    )
    signed_by = models.CharField(_("signed by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("service visit")
        verbose_name_plural = _("service visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(
                fields=["installation", "kind", "visited_on"],
                name="visit_unit_kind_day_idx",
            ),
            models.Index(
                fields=["organisation", "-visited_on"], name="visit_org_day_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fixed__isnull=True) | Q(kind="repair"),
                name="visit_fixed_only_for_repairs",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.visited_on:%Y-%m-%d}"


class VisitPart(models.Model):
    """A spare part or consumable the technician fitted on a visit."""

    visit = models.ForeignKey(
        ServiceVisit, on_delete=models.CASCADE, related_name="parts"
    )
    part = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("part"),
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="visit_part_quantity_positive"
            ),
            models.UniqueConstraint(
                fields=["visit", "part"], name="visit_part_once_per_visit"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.part_id}"
