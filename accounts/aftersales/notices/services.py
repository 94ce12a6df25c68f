"""Writes of the safety notices: sending, reading, acting, reminding.

Sending writes one ``UnitNotice`` per targeted unit in the publication's
transaction, all stamped with the same ``notified_at``; the e-mails leave
after the commit (a task) for exactly the rows of that stamp. Publishing a
new revision adds the units that now match; rows already there (and their
read and done dates) stay as they were, and nobody hears twice of one unit.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.aftersales.models import ServiceVisit, UnitNotice
from accounts.aftersales.notices.targeting import units_targeted_by
from accounts.customers.emails import customer_email_send
from accounts.network.models import Membership, Organisation, Role, User
from pages.models import SafetyNoticePage
from portal.emails import email_send
from portal.links import absolute_url

BATCH = 1000


class NoticeError(Exception):
    """An acknowledgement the unit's state does not allow."""


@dataclass(frozen=True)
class Sent:
    units: int  # units notified now
    notified_at: datetime  # their stamp, for the e-mails (notice_emails_send)


def notice_send(*, notice: SafetyNoticePage, now: datetime | None = None) -> Sent:
    """Write a row for every targeted unit not notified yet; returns how many
    are new and their stamp. The caller queues the e-mails after the commit
    (``tasks.safety_notice_emails_send``)."""
    now = now or timezone.now()
    due_on = timezone.localdate(now) + timedelta(days=notice.due_days)
    with transaction.atomic():
        already = UnitNotice.objects.filter(notice=notice).values("installation_id")
        new_ids = list(
            units_targeted_by(notice)
            .exclude(pk__in=already)
            .values_list("pk", flat=True)
        )
        UnitNotice.objects.bulk_create(
            [
                UnitNotice(
                    notice=notice, installation_id=pk, notified_at=now, due_on=due_on
                )
                for pk in new_ids
            ],
            ignore_conflicts=True,
            batch_size=BATCH,
        )
    return Sent(units=len(new_ids), notified_at=now)


def installer_recipients(organisation_ids) -> dict[int, list[str]]:
    """Organisation id → the e-mails of its active owners and technicians."""
    rows = Membership.objects.filter(
        organisation_id__in=organisation_ids,
        organisation__status=Organisation.Status.ACTIVE,
        role__in=[Role.OWNER, Role.TECHNICIAN],
        user__is_active=True,
    ).values_list("organisation_id", "user__email")
    found = defaultdict(set)
    for organisation_id, email in rows:
        if email:
            found[organisation_id].add(email)
    return {pk: sorted(emails) for pk, emails in found.items()}


def _units(rows: list[UnitNotice]) -> list[dict]:
    return [
        {
            "appliance": row.installation.appliance.name,
            "serial_number": row.installation.serial_number,
            "customer": row.installation.customer.full_name,
            "town": row.installation.customer.city,
        }
        for row in rows
    ]


def _day(day: date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(day)


def notice_emails_send(*, notice_id: int, notified_at: datetime) -> dict:
    """E-mail the installers and the consenting customers of the units
    notified at ``notified_at`` (one e-mail per organisation, per customer)."""
    rows = list(
        UnitNotice.objects.filter(notice_id=notice_id, notified_at=notified_at)
        .select_related("notice", "installation__appliance", "installation__customer")
        .order_by("installation__organisation_id", "pk")
    )
    if not rows:
        return {"installers": 0, "customers": 0}
    notice = rows[0].notice
    by_organisation = defaultdict(list)
    by_customer = defaultdict(list)
    for row in rows:
        by_organisation[row.installation.organisation_id].append(row)
        customer = row.installation.customer
        # Never a customer who did not agree to hear from Oxyplus.
        if customer.shares_record and not customer.is_erased and customer.email:
            by_customer[customer.pk].append(row)
    recipients = installer_recipients(by_organisation)
    sent = {"installers": 0, "customers": 0}
    for organisation_id, units in by_organisation.items():
        if not recipients.get(organisation_id):
            continue
        email_send.enqueue(
            template="aftersales/email/safety_notice_installer",
            to=recipients[organisation_id],
            context={
                "title": notice.title,
                "due_on": _day(units[0].due_on),
                "units": _units(units),
                "url": absolute_url(reverse("home")),
            },
            language=settings.LANGUAGE_CODE,
        )
        sent["installers"] += 1
    for customer_id, units in by_customer.items():
        customer = units[0].installation.customer
        customer_email_send.enqueue(
            customer_id=customer_id,
            template="aftersales/email/safety_notice_customer",
            to=[customer.email],
            context={
                "first_name": customer.first_name,
                "title": notice.title,
                "appliances": sorted(
                    {row.installation.appliance.name for row in units}
                ),
                "url": absolute_url(reverse("customer_notice", args=[units[0].pk])),
            },
            language=settings.LANGUAGE_CODE,
        )
        sent["customers"] += 1
    return sent


def unit_notice_read(*, unit_notice: UnitNotice, by: User) -> UnitNotice:
    """The installer has read the notice (the first reading counts)."""
    if unit_notice.read_at is None:
        unit_notice.read_at = timezone.now()
        unit_notice.read_by = by
        unit_notice.full_clean()
        unit_notice.save(update_fields=["read_at", "read_by"])
    return unit_notice


def unit_notice_customer_read(*, unit_notice: UnitNotice) -> UnitNotice:
    """The customer has read the notice on their space."""
    if unit_notice.customer_read_at is None:
        unit_notice.customer_read_at = timezone.now()
        unit_notice.save(update_fields=["customer_read_at"])
    return unit_notice


def unit_notice_done(
    *,
    unit_notice: UnitNotice,
    by: User,
    note: str,
    visit: ServiceVisit | None = None,
) -> UnitNotice:
    """The installer did what the notice asks on this unit."""
    if unit_notice.done_at is not None:
        raise NoticeError(_("The action is already recorded as done on this unit."))
    if visit is not None and visit.installation_id != unit_notice.installation_id:
        raise NoticeError(_("Choose a visit on this unit."))
    now = timezone.now()
    with transaction.atomic():
        if unit_notice.read_at is None:
            unit_notice.read_at, unit_notice.read_by = now, by
        unit_notice.done_at, unit_notice.done_by = now, by
        unit_notice.note = note.strip()
        unit_notice.visit = visit
        unit_notice.full_clean()
        unit_notice.save()
    return unit_notice


def reminders_due(*, today: date) -> QuerySet[UnitNotice]:
    """Unit notices past their due date, not done, never reminded."""
    return UnitNotice.objects.filter(
        done_at__isnull=True, reminded_at__isnull=True, due_on__lt=today
    )


def notice_reminders_send(*, today: date | None = None) -> int:
    """Remind each organisation once per unit notice past due and not done;
    returns how many unit notices were reminded. The rows are claimed
    (``reminded_at``) before the e-mail is queued: never twice."""
    today = today or timezone.localdate()
    reminded = 0
    organisation_ids = sorted(
        set(
            reminders_due(today=today).values_list(
                "installation__organisation_id", flat=True
            )
        )
    )
    recipients = installer_recipients(organisation_ids)
    for organisation_id in organisation_ids:
        with transaction.atomic():
            claimed = list(
                reminders_due(today=today)
                .filter(installation__organisation_id=organisation_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related(
                    "notice", "installation__appliance", "installation__customer"
                )
                .order_by("due_on", "pk")
            )
            if not claimed:
                continue
            UnitNotice.objects.filter(pk__in=[r.pk for r in claimed]).update(
                reminded_at=timezone.now()
            )
            reminded += len(claimed)
            if not recipients.get(organisation_id):
                continue
            transaction.on_commit(
                partial(
                    email_send.enqueue,
                    template="aftersales/email/safety_notice_reminder",
                    to=recipients[organisation_id],
                    context={
                        "notices": sorted({row.notice.title for row in claimed}),
                        "units": _units(claimed),
                        "url": absolute_url(reverse("home")),
                    },
                    language=settings.LANGUAGE_CODE,
                )
            )
    return reminded
