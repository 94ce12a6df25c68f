"""Invoices and credit notes, their numbering, and the payments set against them.

An issued document never changes: what it says (parties, lines, totals) is
copied onto it when it is issued, so a reseller who moves or a price list
that changes leaves it as it was sent. Only the money received against it
(``amount_paid``, ``amount_credited``) moves afterwards, through the
services. Corrections are credit notes.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ordering.invoicing.models.fields import ZERO, money_field
from portal.choices import ChoiceLabels


class InvoiceSequence(models.Model):
    """The last number given to one kind of document in one year.

    The row is locked while a document takes the next number, in the
    transaction that creates the document: a number is used once, and one
    that was taken is never left unused.
    """

    kind = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="sequence_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last}"


class InvoiceFrozenError(Exception):
    """An issued invoice or credit note was about to change or disappear."""


# What may still move on an issued document: the money received against it
# and its transmission (the database refuses the rest, migration 0002).
MOVING_FIELDS = frozenset(
    {"amount_paid", "amount_credited", "transmitted_at", "platform_reference"}
)


def left_to_pay() -> models.Expression:
    """What an invoice still asks, as a database expression (sums, filters)."""
    return F("total_incl_vat") - F("amount_paid") - F("amount_credited")


class InvoiceQuerySet(models.QuerySet):
    def delete(self):
        raise InvoiceFrozenError("an issued document is never deleted")

    def update(self, **kwargs):
        if not MOVING_FIELDS.issuperset(kwargs):
            raise InvoiceFrozenError("an issued document never changes")
        return super().update(**kwargs)

    def invoices(self):
        return self.filter(kind=Invoice.Kind.INVOICE)

    def credit_notes(self):
        return self.filter(kind=Invoice.Kind.CREDIT_NOTE)

    def open(self):
        """Invoices with money still owed."""
        return self.invoices().filter(
            total_incl_vat__gt=F("amount_paid") + F("amount_credited")
        )

    def overdue(self, on: date | None = None):
        return self.open().filter(due_date__lt=on or timezone.localdate())

    def with_status(self, status: str, on: date | None = None):
        on = on or timezone.localdate()
        if status == Invoice.Status.PAID:
            return self.invoices().filter(
                total_incl_vat__lte=F("amount_paid") + F("amount_credited")
            )
        if status == Invoice.Status.OVERDUE:
            return self.overdue(on)
        if status == Invoice.Status.DUE:
            return self.open().filter(due_date__gte=on)
        if status == Invoice.Status.CREDIT_NOTE:
            return self.credit_notes()
        return self.none()


class Invoice(ChoiceLabels, models.Model):
    """An invoice or a credit note, as issued."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        DUE = "due", pgettext_lazy("invoice status", "Due")
        OVERDUE = "overdue", pgettext_lazy("invoice status", "Overdue")
        PAID = "paid", pgettext_lazy("invoice status", "Paid")
        CREDIT_NOTE = "credit_note", pgettext_lazy("invoice status", "Credit note")

    class Reason(models.TextChoices):
        CANCELLATION = "cancellation", _("Cancellation after invoicing")
        RETURN = "return", _("Goods returned")
        GESTURE = "gesture", _("Commercial gesture")

    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("reseller"),
    )
    issue_date = models.DateField(_("date"), db_index=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    # The parties and terms as they were on the day (documents.Party fields).
    seller = models.JSONField(_("seller"), editable=False)
    buyer = models.JSONField(_("buyer"), editable=False)
    delivery = models.JSONField(_("delivered to"), null=True, editable=False)
    delivery_date = models.DateField(_("delivered"), null=True, blank=True)
    payment_term_days = models.PositiveSmallIntegerField(_("payment term (days)"))
    payment_term_end_of_month = models.BooleanField(_("end of month"))
    order_references = models.CharField(
        _("orders"), max_length=500, blank=True, db_index=True
    )
    purchase_order_reference = models.CharField(
        _("purchase order reference"), max_length=200, blank=True, db_index=True
    )
    total_excl_vat = money_field(_("total excl. VAT"))
    total_vat = money_field(_("VAT"))
    total_incl_vat = money_field(_("total incl. VAT"))
    amount_paid = money_field(_("paid"), default=ZERO)
    amount_credited = money_field(_("credited"), default=ZERO)
    credited_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("invoice credited"),
    )
    reason = models.CharField(
        _("reason"), max_length=12, choices=Reason.choices, blank=True
    )
    reason_details = models.CharField(_("details"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    # Sending to the approved e-invoicing platform (``platforms``).
    transmitted_at = models.DateTimeField(
        _("sent to the platform"), null=True, blank=True
    )
    platform_reference = models.CharField(
        _("platform reference"), max_length=100, blank=True
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-number"]
        indexes = [
            models.Index(
                fields=["organisation", "kind", "-issue_date"], name="invoice_org_idx"
            ),
            models.Index(fields=["due_date"], name="invoice_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="invoice", credited_invoice__isnull=True)
                | Q(kind="credit_note", credited_invoice__isnull=False),
                name="credit_note_names_its_invoice",
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0) & Q(amount_credited__gte=0),
                name="invoice_received_not_negative",
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, update_fields=None, **kwargs):
        if not self._state.adding and not MOVING_FIELDS.issuperset(
            update_fields or ["*"]
        ):
            raise InvoiceFrozenError(
                "an issued document never changes: issue a credit note"
            )
        super().save(*args, update_fields=update_fields, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvoiceFrozenError("an issued document is never deleted")

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def amount_due(self) -> Decimal:
        if self.is_credit_note:
            return ZERO
        return max(self.total_incl_vat - self.amount_paid - self.amount_credited, ZERO)

    def status_on(self, on: date) -> str:
        if self.is_credit_note:
            return self.Status.CREDIT_NOTE
        if self.amount_due == ZERO:
            return self.Status.PAID
        if self.due_date and self.due_date < on:
            return self.Status.OVERDUE
        return self.Status.DUE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def payment_terms(self) -> str:
        """The terms in words, in the reader's language: "30 days end of month"."""
        if self.payment_term_end_of_month:
            return _("%(days)s days end of month") % {"days": self.payment_term_days}
        if self.payment_term_days == 0:
            return _("On receipt")
        return _("%(days)s days from the invoice date") % {
            "days": self.payment_term_days
        }

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def days_overdue(self, on: date | None = None) -> int:
        on = on or timezone.localdate()
        if self.status_on(on) != self.Status.OVERDUE:
            return 0
        return (on - self.due_date).days


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    # The order line invoiced (or credited): what a credit note may still take back.
    order_line = models.ForeignKey(
        "ordering.OrderLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoice_lines",
    )
    # A credit note's line names the invoice line it takes back.
    credited_line = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credited_by",
    )
    order_number = models.CharField(_("order"), max_length=20, blank=True)
    product_reference = models.CharField(_("reference"), max_length=40)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(
        _("unit price excl. VAT"), max_digits=10, decimal_places=2
    )
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2)
    total_excl_vat = money_field(_("total excl. VAT"))

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="invoice_line_quantity_positive"
            )
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_reference}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise InvoiceFrozenError("an issued document's lines never change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvoiceFrozenError("an issued document's lines are never deleted")


class InvoicedShipment(models.Model):
    """A shipment is invoiced once, whatever the invoicing mode."""

    shipment = models.OneToOneField(
        "shipping.Shipment", on_delete=models.PROTECT, related_name="invoicing"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="shipments"
    )

    def __str__(self):
        return f"{self.shipment} → {self.invoice}"
