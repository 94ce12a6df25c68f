"""The periodic check of callbacks: owners reminded before the due time, and
what was not done by then marked missed. Both are safe to run at any time."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.services.requests import PENDING, Status, moment_display
from accounts.network.models import Role
from portal.emails import email_send
from portal.links import absolute_url

logger = logging.getLogger(__name__)


def callbacks_mark_missed(*, now: datetime | None = None) -> int:
    """Every pending callback past its due time becomes missed (one UPDATE)."""
    now = now or timezone.now()
    return CallbackRequest.objects.filter(status__in=PENDING, due_at__lte=now).update(
        status=Status.MISSED, missed_at=now
    )


def _owner_recipients(callback: CallbackRequest) -> list[str]:
    if callback.owner_id is not None:
        return [callback.owner.email]
    if callback.owner_organisation_id is not None:
        organisation = callback.owner_organisation
        members = organisation.memberships.filter(
            role__in=[Role.OWNER, Role.TECHNICIAN], user__is_active=True
        ).values_list("user__email", flat=True)
        return sorted({organisation.email, *members} - {""})
    return [settings.PORTAL_CALL_CENTER_EMAIL]


def callback_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each owner once of a callback falling due soon; returns how many.

    Each row is claimed in its own transaction before its email leaves and
    marked sent right after: a run stopped half-way never sends one twice,
    and a failed send gives its claim back for the next run.
    """
    now = now or timezone.now()
    soon = now + timedelta(minutes=settings.PORTAL_CALLBACK_REMIND_MINUTES)
    due_soon = CallbackRequest.objects.filter(
        status__in=PENDING,
        due_at__gt=now,
        due_at__lte=soon,
        reminder_claimed_at__isnull=True,
    )
    sent = 0
    for pk in list(due_soon.order_by("due_at").values_list("pk", flat=True)):
        with transaction.atomic():
            callback = (
                due_soon.filter(pk=pk)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("customer", "owner", "owner_organisation")
                .first()
            )
            if callback is None:
                continue  # another worker has it
            CallbackRequest.objects.filter(pk=pk).update(reminder_claimed_at=now)
        try:
            email_send.call(
                template="callbacks/email/callback_due",
                to=_owner_recipients(callback),
                language=settings.LANGUAGE_CODE,
                context={
                    "customer": callback.customer.full_name,
                    "phone": callback.phone,
                    "reason": callback.get_reason_display(),
                    "due": moment_display(callback.due_at),
                    "url": absolute_url(reverse("callback_detail", args=[pk])),
                },
            )
        except Exception:
            logger.exception("Callback reminder %s not sent", pk)
            CallbackRequest.objects.filter(pk=pk).update(reminder_claimed_at=None)
            continue
        CallbackRequest.objects.filter(pk=pk).update(reminder_sent_at=timezone.now())
        sent += 1
    return sent
