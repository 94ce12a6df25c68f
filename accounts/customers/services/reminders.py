"""Maintenance reminders: each customer hears once of what falls due.

A daily run first writes one ``MaintenanceReminder`` per consumable and due
date (a unique pair, so a second run writes nothing new), then sends them
customer by customer and installer by installer. Each batch is claimed in
its own transaction before its email leaves and marked sent right after: a
run stopped half-way leaves the rest unclaimed for the next run, and
nothing claimed is ever sent again. A failed send gives its claim back.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.customers.emails import customer_email_send
from accounts.customers.models import MaintenanceReminder
from accounts.customers.schedule import DUE_SOON_DAYS
from accounts.customers.selectors import consumables_due
from accounts.network.models import Role
from portal.emails import email_send
from portal.links import absolute_url

logger = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    created: int = 0
    customers: int = 0
    installers: int = 0
    failed: int = 0


def reminders_create(*, today: date) -> int:
    """Write the reminders of everything due within 30 days; returns how many
    are new. Only customers who agreed to the shared record are reminded."""
    due = consumables_due(today=today, within_days=DUE_SOON_DAYS).filter(
        installation__customer__shares_record=True,
        installation__customer__erased_at__isnull=True,
    )
    before = MaintenanceReminder.objects.count()
    MaintenanceReminder.objects.bulk_create(
        [
            MaintenanceReminder(consumable_id=pk, due_on=due_on)
            for pk, due_on in due.values_list("pk", "next_due_on").iterator()
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return MaintenanceReminder.objects.count() - before


def _claim(rows: QuerySet, claimed_field: str) -> list[MaintenanceReminder]:
    """Lock and claim unclaimed rows; another worker skips what is locked."""
    with transaction.atomic():
        claimed = list(
            rows.filter(**{f"{claimed_field}__isnull": True})
            .select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "consumable__part",
                "consumable__installation__appliance",
                "consumable__installation__customer",
                "consumable__installation__organisation",
            )
            .order_by("due_on", "pk")
        )
        MaintenanceReminder.objects.filter(pk__in=[r.pk for r in claimed]).update(
            **{claimed_field: timezone.now()}
        )
    return claimed


def _lines(reminders: list[MaintenanceReminder]) -> list[dict]:
    with translation.override(settings.LANGUAGE_CODE):
        return _lines_now(reminders)


def _lines_now(reminders: list[MaintenanceReminder]) -> list[dict]:
    return [
        {
            "part": r.consumable.part.name,
            "reference": r.consumable.part.reference,
            "appliance": r.consumable.installation.appliance.name,
            "serial_number": r.consumable.installation.serial_number,
            "customer": r.consumable.installation.customer.full_name,
            "town": r.consumable.installation.customer.city,
            "due_on": date_format(r.due_on),
            "overdue": r.due_on < timezone.localdate(),
        }
        for r in reminders
    ]


def _send(
    claimed: list[MaintenanceReminder],
    *,
    send: Callable[..., None],
    claimed_field: str,
    sent_field: str,
    **mail,
) -> bool:
    ids = [r.pk for r in claimed]
    try:
        send(language=settings.LANGUAGE_CODE, **mail)
    except Exception:
        # Nothing left: the claim goes back and the next run tries again.
        logger.exception("Maintenance reminder not sent to %s", mail["to"])
        MaintenanceReminder.objects.filter(pk__in=ids).update(**{claimed_field: None})
        return False
    MaintenanceReminder.objects.filter(pk__in=ids).update(
        **{sent_field: timezone.now()}
    )
    return True


def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Create today's reminders, then email customers and their installers."""
    today = today or timezone.localdate()
    run = ReminderRun(created=reminders_create(today=today))
    pending = MaintenanceReminder.objects.filter(customer_claimed_at__isnull=True)
    customer_ids = sorted(
        set(pending.values_list("consumable__installation__customer_id", flat=True))
    )
    for customer_id in customer_ids:
        claimed = _claim(
            pending.filter(consumable__installation__customer_id=customer_id),
            "customer_claimed_at",
        )
        if not claimed:
            continue  # another worker has them
        customer = claimed[0].consumable.installation.customer
        sent = _send(
            claimed,
            send=partial(customer_email_send.call, customer_id=customer.pk),
            claimed_field="customer_claimed_at",
            sent_field="customer_sent_at",
            template="customers/email/maintenance_due",
            to=[customer.email],
            context={
                "first_name": customer.first_name,
                "lines": _lines(claimed),
                "reorder_url": absolute_url(reverse("customer_reorder")),
            },
        )
        run.customers += sent
        run.failed += not sent

    # Installers hear of the reminders their customers were sent.
    told = MaintenanceReminder.objects.filter(
        customer_sent_at__isnull=False, reseller_claimed_at__isnull=True
    )
    organisation_ids = sorted(
        set(told.values_list("consumable__installation__organisation_id", flat=True))
    )
    for organisation_id in organisation_ids:
        claimed = _claim(
            told.filter(consumable__installation__organisation_id=organisation_id),
            "reseller_claimed_at",
        )
        if not claimed:
            continue
        organisation = claimed[0].consumable.installation.organisation
        recipients = _installer_recipients(organisation)
        if not recipients:
            MaintenanceReminder.objects.filter(pk__in=[r.pk for r in claimed]).update(
                reseller_sent_at=timezone.now()
            )
            continue
        sent = _send(
            claimed,
            send=email_send.call,
            claimed_field="reseller_claimed_at",
            sent_field="reseller_sent_at",
            template="customers/email/maintenance_due_installer",
            to=recipients,
            context={
                "organisation": organisation.name,
                "lines": _lines(claimed),
                "installations_url": absolute_url(reverse("installations") + "?due=30"),
            },
        )
        run.installers += sent
        run.failed += not sent
    return run


def _installer_recipients(organisation) -> list[str]:
    owners = organisation.memberships.filter(
        role__in=[Role.OWNER, Role.TECHNICIAN], user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({organisation.email, *owners} - {""})
