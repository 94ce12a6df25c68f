"""Callback requests: a promise to call a customer back, kept or visibly missed.

A callback has a due time and an owner from the moment it exists: an agent
of the call center, a reseller, or, while nobody took it, the call center's
shared queue. Its life is the explicit map in ``accounts.callbacks.services``;
a periodic task reminds the owner before the due time and marks what was not
done in time as missed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.customers.models.customers import Customer, Installation
from accounts.network.models.organisations import Organisation


class CallbackRequestQuerySet(models.QuerySet):
    def pending(self) -> "CallbackRequestQuerySet":
        """Still to be made, missed ones included: the queue, soonest due first.

        On the model's manager, so a customer's page reads
        ``customer.callbacks.pending()`` without importing this room."""
        return (
            self.exclude(status=CallbackRequest.Status.DONE)
            .select_related(
                "customer",
                "installation__appliance",
                "owner",
                "owner_organisation",
            )
            .order_by("due_at", "pk")
        )


class CallbackRequest(models.Model):
    """A customer asked to be called back about something."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("callback status", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("callback status", "In progress")
        DONE = "done", pgettext_lazy("callback status", "Done")
        MISSED = "missed", pgettext_lazy("callback status", "Missed")

    class Source(models.TextChoices):
        CUSTOMER = "customer", _("The customer, from their space")
        RESELLER = "reseller", _("A reseller")
        CALL_CENTER = "call_center", _("The call center, during a call")

    class Reason(models.TextChoices):
        FAULT = "fault", _("A fault or a fault code")
        MAINTENANCE = "maintenance", _("Maintenance or consumables")
        ORDER = "order", _("An order or a delivery")
        INSTALLATION = "installation", _("An installation to plan")
        OTHER = "other", _("Something else")

    class Slot(models.TextChoices):
        ANY = "any", _("Any time")
        MORNING = "morning", _("Morning (9:00–12:00)")
        AFTERNOON = "afternoon", _("Afternoon (14:00–18:00)")

    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="callbacks",
        verbose_name=_("customer"),
    )
    installation = models.ForeignKey(
        Installation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks",
        verbose_name=_("installation concerned"),
    )
    reason = models.CharField(_("reason"), max_length=15, choices=Reason.choices)
    fault_code = models.CharField(_("fault code"), max_length=12, blank=True)
    details = models.TextField(_("what it is about"), blank=True)
    phone = models.CharField(_("number to call"), max_length=30)
    preferred_on = models.DateField(_("preferred day"), null=True, blank=True)
    preferred_slot = models.CharField(
        _("preferred time"), max_length=10, choices=Slot.choices, default=Slot.ANY
    )
    due_at = models.DateTimeField(_("call back by"))
    # Who calls: an agent, or a reseller's team; neither means the call
    # center's shared queue.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks_owned",
        verbose_name=_("agent"),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="callbacks",
        verbose_name=_("reseller"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    source = models.CharField(_("asked through"), max_length=12, choices=Source.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("asked"))
    started_at = models.DateTimeField(_("taken"), null=True, blank=True)
    done_at = models.DateTimeField(_("called back"), null=True, blank=True)
    missed_at = models.DateTimeField(_("marked missed"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # Claimed before the email leaves: a reminder is never sent twice.
    reminder_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(
        _("owner reminded"), null=True, blank=True, editable=False
    )

    objects = CallbackRequestQuerySet.as_manager()

    class Meta:
        db_table = "accounts_callbackrequest"
        verbose_name = _("callback request")
        verbose_name_plural = _("callback requests")
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(owner_organisation__isnull=True),
                name="callback_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False),
                name="callback_done_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="callback_queue_idx"),
            models.Index(
                fields=["owner_organisation", "status", "due_at"],
                name="callback_reseller_idx",
            ),
            models.Index(fields=["due_at"], name="callback_due_idx"),
        ]

    def __str__(self):
        return _("Call %(customer)s back by %(due)s") % {
            "customer": self.customer,
            "due": date_format(timezone.localtime(self.due_at), "DATETIME_FORMAT"),
        }

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    @property
    def kept(self) -> bool:
        """Called back by the time promised."""
        return self.done_at is not None and self.done_at <= self.due_at
