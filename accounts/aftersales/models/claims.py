"""Warranty claims on an installed unit, their photos, timeline and RMA numbers.

A claim's status moves only along ``CLAIM_TRANSITIONS``
(``accounts.aftersales.services.claims``); its RMA number and its free
replacement order are each given once: unique columns, written under the
claim's row lock.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabels
from portal.storage import private_storage


class WarrantyClaim(ChoiceLabels, models.Model):
    """An installer's claim for a part that failed under warranty."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("claim status", "Submitted")
        APPROVED = "approved", pgettext_lazy("claim status", "Approved")
        REFUSED = "refused", pgettext_lazy("claim status", "Refused")
        PART_RETURNED = (
            "part_returned",
            pgettext_lazy("claim status", "Part returned"),
        )
        CLOSED = "closed", pgettext_lazy("claim status", "Closed")

    class Remedy(models.TextChoices):
        REPLACEMENT = "replacement", _("Free replacement part")
        CREDIT = "credit", _("Credit note for the part the reseller bought")

    installation = models.ForeignKey(
        "customers.Installation",
        on_delete=models.PROTECT,
        related_name="warranty_claims",
        verbose_name=_("installation"),
    )
    visit = models.ForeignKey(
        "aftersales.ServiceVisit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("service visit"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="warranty_claims",
        verbose_name=_("reseller"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    fault_code = models.CharField(_("fault code"), max_length=20, blank=True)
    fault_on = models.DateField(_("date of the fault"))
    symptom = models.TextField(_("symptom"))
    part = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("part claimed"),
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    remedy = models.CharField(
        _("remedy"), max_length=12, choices=Remedy.choices, blank=True
    )
    refusal_reason = models.TextField(_("why refused"), blank=True)
    # NULL until approved: unique once given (RMA-2026-000001).
    rma_number = models.CharField(  # noqa: DJ001
        _("RMA number"), max_length=20, unique=True, null=True, blank=True
    )
    return_required = models.BooleanField(_("part to send back"), default=True)
    return_instructions = models.TextField(_("return instructions"), blank=True)
    replacement_order = models.OneToOneField(
        "ordering.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warranty_claim",
        verbose_name=_("replacement order"),
    )
    # The reseller's purchase of the part, credited when the claim closes.
    credited_line = models.ForeignKey(
        "invoicing.InvoiceLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invoice line to credit"),
    )
    credit_note = models.ForeignKey(
        "invoicing.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "credit_note"},
        verbose_name=_("credit note"),
    )
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("warranty claim")
        verbose_name_plural = _("warranty claims")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organisation", "-created_at"], name="claim_org_recent_idx"
            ),
            models.Index(fields=["status"], name="claim_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="claim_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="submitted")
                | Q(status="refused")
                | Q(rma_number__isnull=False),
                name="claim_approved_has_rma",
            ),
        ]

    def __str__(self):
        return self.rma_number or gettext("Claim %(pk)s") % {"pk": self.pk}


def _claim_photo_path(photo: "ClaimPhoto", filename: str) -> str:
    return f"claims/{photo.claim_id}/{photo.token}.jpg"


class ClaimPhoto(models.Model):
    """A picture of the failed part, re-encoded (``accounts.customers.photos``)
    and kept in private storage."""

    token = models.CharField(max_length=32, unique=True, editable=False)
    claim = models.ForeignKey(
        WarrantyClaim, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(upload_to=_claim_photo_path, storage=private_storage)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claim photo")
        verbose_name_plural = _("claim photos")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.token


class ClaimEvent(ChoiceLabels, models.Model):
    """One entry of a claim's timeline: who moved it where, when, and why."""

    claim = models.ForeignKey(
        WarrantyClaim, on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WarrantyClaim.Status.choices
    )
    note = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.get_status_display()


class RmaSequence(models.Model):
    """The last RMA number given in one year: the row is locked while a
    claim takes the next one, in the transaction that approves it."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"
