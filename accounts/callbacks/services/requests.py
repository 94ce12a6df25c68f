"""Callback requests: recorded with a due time and an owner, then kept or missed.

Whoever asks — the customer from their space, a reseller, an agent during a
call — the request gets a due time at once: the customer's preferred slot
when they gave one, otherwise one working day (``PORTAL_CALLBACK_DUE_WORKING_DAYS``).
Its status only moves along ``TRANSITIONS``. A periodic task
(``callbacks_check``) reminds each owner once before the due time and marks
what was not done by then as missed; both are safe to run at any time.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.working_hours import add_working_time, is_working_day
from accounts.customers.emails import customer_email_send_after_commit
from accounts.customers.models import Customer, Installation
from accounts.customers.selectors import customers_visible_to, installations_visible_to
from accounts.network.models import User
from accounts.network.rights import active_organisation_of, may
from portal.links import absolute_url

logger = logging.getLogger(__name__)

Status = CallbackRequest.Status
Slot = CallbackRequest.Slot

# Done is final. A missed callback may still be made: it stays "not kept".
TRANSITIONS: dict[str, set[str]] = {
    Status.OPEN: {Status.IN_PROGRESS, Status.DONE, Status.MISSED},
    Status.IN_PROGRESS: {Status.OPEN, Status.DONE, Status.MISSED},
    Status.MISSED: {Status.IN_PROGRESS, Status.DONE},
    Status.DONE: set(),
}
PENDING = (Status.OPEN, Status.IN_PROGRESS)

# The preferred slots, as the form names them (9:00–12:00, 14:00–18:00).
SLOT_HOURS = {Slot.MORNING: (time(9), time(12)), Slot.AFTERNOON: (time(14), time(18))}
# When each preferred slot ends: the promise is to call by then.
SLOT_ENDS = {Slot.MORNING: time(12), Slot.AFTERNOON: time(18), Slot.ANY: time(18)}


class CallbackError(Exception):
    """A callback request refused, with a message fit for the person asking."""


class IllegalCallbackTransitionError(CallbackError):
    pass


class DuplicateCallbackError(CallbackError):
    def __init__(self, message: str, existing: CallbackRequest):
        super().__init__(message)
        self.existing = existing


@dataclass(frozen=True)
class CallbackDetails:
    reason: str
    phone: str = ""
    installation: Installation | None = None
    fault_code: str = ""
    details: str = ""
    preferred_on: date | None = None
    preferred_slot: str = Slot.ANY


def callback_due_default(*, asked_at: datetime) -> datetime:
    """The promise when the customer gave no slot: so many working days."""
    return add_working_time(
        asked_at,
        working_days=settings.PORTAL_CALLBACK_DUE_WORKING_DAYS,
        hours=settings.PORTAL_CALLBACK_WORKING_HOURS,
    )


def callback_due_next_slot(*, asked_at: datetime, preferred_slot: str) -> datetime:
    """The end of the next slot of that kind on a working day, one that has not
    begun when the customer asks: "in the morning" asked on Friday evening is
    Monday by 12:00; asked on Tuesday at 10:00, Wednesday by 12:00."""
    starts, ends = SLOT_HOURS[preferred_slot]
    zone = timezone.get_current_timezone()
    asked = timezone.localtime(asked_at, zone)
    day = asked.date()
    while not is_working_day(day) or datetime.combine(day, starts, zone) <= asked:
        day += timedelta(days=1)
    return datetime.combine(day, ends, tzinfo=zone)


def callback_due_at(
    *, asked_at: datetime, preferred_on: date | None, preferred_slot: str
) -> datetime:
    """The end of the preferred slot: on the preferred day, or the next one of
    that kind; with neither a day nor a slot, the default promise."""
    if preferred_on is None:
        if preferred_slot in SLOT_HOURS:
            return callback_due_next_slot(
                asked_at=asked_at, preferred_slot=preferred_slot
            )
        return callback_due_default(asked_at=asked_at)
    end = SLOT_ENDS.get(preferred_slot, SLOT_ENDS[Slot.ANY])
    return datetime.combine(preferred_on, end, tzinfo=timezone.get_current_timezone())


def _source(*, customer: Customer, by: User) -> str:
    if not may(by, "callbacks.request"):
        raise CallbackError(_("You may not record callback requests."))
    if may(by, "callbacks.view_network"):
        return CallbackRequest.Source.CALL_CENTER
    if may(by, "customer_space.use"):
        if customer.user_id is not None and customer.user_id == by.pk:
            return CallbackRequest.Source.CUSTOMER
        raise CallbackError(_("You may not record callback requests."))
    if not customers_visible_to(by).filter(pk=customer.pk).exists():
        raise CallbackError(_("This customer is not one of yours."))
    return CallbackRequest.Source.RESELLER


def _check_owner(
    *, by: User, owner: User | None, owner_organisation, installation=None
) -> None:
    if owner is not None and owner_organisation is not None:
        raise CallbackError(_("Give the callback to an agent or to a reseller."))
    if owner is not None and not may(owner, "callbacks.view_network"):
        raise CallbackError(_("Only an active agent can own a callback."))
    if owner is not None and not may(by, "callbacks.assign"):
        raise CallbackError(_("Only the call center gives a callback to an agent."))
    if owner_organisation is not None:
        if owner_organisation.is_suspended:
            raise CallbackError(_("This reseller is suspended."))
        own = active_organisation_of(by)
        # A customer may ask their own installer, about the unit it fitted.
        theirs = (
            may(by, "customer_space.use")
            and installation is not None
            and installation.organisation_id == owner_organisation.pk
        )
        if not (may(by, "callbacks.assign") or theirs) and (
            own is None or own.pk != owner_organisation.pk
        ):
            raise CallbackError(_("You can only keep a callback for your own team."))


@transaction.atomic
def callback_request(
    *,
    customer: Customer,
    by: User,
    details: CallbackDetails,
    due_at: datetime | None = None,
    owner: User | None = None,
    owner_organisation=None,
    now: datetime | None = None,
) -> CallbackRequest:
    """Record that a customer is to be called back, and tell the customer when.

    Without an owner the request goes to the call center's shared queue. A
    customer who already waits for a call about the same appliance is told
    when it will come instead of queueing a second one.
    """
    now = now or timezone.now()
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.is_erased:
        raise CallbackError(_("This customer's data was erased."))
    source = _source(customer=customer, by=by)
    if details.reason not in CallbackRequest.Reason.values:
        raise CallbackError(_("Say what the call is about."))
    installation = details.installation
    if installation is not None:
        if installation.customer_id != customer.pk or installation.is_draft:
            raise CallbackError(_("This appliance is not the customer's."))
        if (
            source == CallbackRequest.Source.RESELLER
            and not installations_visible_to(by).filter(pk=installation.pk).exists()
        ):
            raise CallbackError(_("This appliance is not the customer's."))
    phone = " ".join(details.phone.split()) or customer.phone
    if sum(c.isdigit() for c in phone) < 6:
        raise CallbackError(_("Give a phone number to call."))
    _check_owner(
        by=by,
        owner=owner,
        owner_organisation=owner_organisation,
        installation=installation,
    )
    if due_at is not None and not may(by, "callbacks.assign"):
        raise CallbackError(_("Only the call center sets the due time."))
    if details.preferred_on is not None and details.preferred_on < now.date():
        raise CallbackError(_("The preferred day is already past."))
    due = due_at or callback_due_at(
        asked_at=now,
        preferred_on=details.preferred_on,
        preferred_slot=details.preferred_slot,
    )
    if due <= now:
        raise CallbackError(_("The time to call back by is already past."))
    if source == CallbackRequest.Source.CUSTOMER:
        existing = CallbackRequest.objects.filter(
            customer=customer, installation=installation, status__in=PENDING
        ).first()
        if existing is not None:
            raise DuplicateCallbackError(
                _("You already asked to be called back: we will call you by %(due)s.")
                % {"due": moment_display(existing.due_at)},
                existing,
            )
    callback = CallbackRequest(
        customer=customer,
        installation=installation,
        reason=details.reason,
        fault_code=details.fault_code.strip().upper()[:12],
        details=details.details.strip(),
        phone=phone,
        preferred_on=details.preferred_on,
        preferred_slot=details.preferred_slot or Slot.ANY,
        due_at=due,
        owner=owner,
        owner_organisation=owner_organisation,
        source=source,
        created_by=by,
        created_at=now,
    )
    callback.full_clean()
    callback.save()
    if customer.email and customer.shares_record:
        customer_email_send_after_commit(
            template="callbacks/email/callback_promised",
            to=[customer.email],
            customer_id=customer.pk,
            context={
                "first_name": customer.first_name,
                "due": moment_display(due),
                "phone": phone,
                "space_url": absolute_url(reverse("customer_home")),
            },
        )
    return callback


def moment_display(moment: datetime) -> str:
    """A moment as a customer or an owner reads it: "Tuesday 9 December at 14:00"."""
    local = timezone.localtime(moment)
    return _("%(day)s at %(time)s") % {
        "day": date_format(local, "l j F"),
        "time": date_format(local, "H:i"),
    }


def callback_may_act(*, callback: CallbackRequest, user: User) -> bool:
    """Who works a callback: the call center, or the team of the reseller owning it."""
    if may(user, "callbacks.view_network"):
        return True
    organisation = active_organisation_of(user)
    return (
        organisation is not None
        and may(user, "callbacks.view_own")
        and callback.owner_organisation_id == organisation.pk
    )


def _move(
    callback: CallbackRequest, *, by: User, to: str, now: datetime | None = None
) -> CallbackRequest:
    if not callback_may_act(callback=callback, user=by):
        raise CallbackError(_("This callback is not yours to work on."))
    callback = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
    if to not in TRANSITIONS[callback.status]:
        raise IllegalCallbackTransitionError(
            _("A callback that is %(status)s cannot become %(to)s.")
            % {
                "status": callback.get_status_display().lower(),
                "to": Status(to).label.lower(),
            }
        )
    callback.status = to
    return callback


@transaction.atomic
def callback_take(*, callback: CallbackRequest, by: User) -> CallbackRequest:
    """Someone starts working on it; an agent taking a queued callback owns it."""
    callback = _move(callback, by=by, to=Status.IN_PROGRESS)
    callback.started_at = timezone.now()
    if may(by, "callbacks.view_network") and callback.owner_organisation_id is None:
        callback.owner = by
    callback.save(update_fields=["status", "started_at", "owner"])
    return callback


@transaction.atomic
def callback_complete(
    *, callback: CallbackRequest, by: User, outcome: str, now: datetime | None = None
) -> CallbackRequest:
    """The customer was called back: say how it went."""
    outcome = outcome.strip()
    if not outcome:
        raise CallbackError(_("Say how the call went: it stays on the record."))
    callback = _move(callback, by=by, to=Status.DONE)
    callback.done_at = now or timezone.now()
    callback.outcome = outcome
    if (
        may(by, "callbacks.view_network")
        and callback.owner_id is None
        and not callback.owner_organisation_id
    ):
        callback.owner = by
    callback.started_at = callback.started_at or callback.done_at
    callback.save(update_fields=["status", "done_at", "outcome", "owner", "started_at"])
    return callback


@transaction.atomic
def callback_assign(
    *,
    callback: CallbackRequest,
    by: User,
    owner: User | None = None,
    owner_organisation=None,
) -> CallbackRequest:
    """The call center gives a callback to an agent, a reseller or the queue."""
    if not may(by, "callbacks.assign"):
        raise CallbackError(_("Only the call center gives callbacks out."))
    _check_owner(by=by, owner=owner, owner_organisation=owner_organisation)
    callback = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
    if callback.status == Status.DONE:
        raise IllegalCallbackTransitionError(_("This callback is already done."))
    callback.owner = owner
    callback.owner_organisation = owner_organisation
    # The new owner has not been reminded yet.
    callback.reminder_claimed_at = callback.reminder_sent_at = None
    callback.save(
        update_fields=[
            "owner",
            "owner_organisation",
            "reminder_claimed_at",
            "reminder_sent_at",
        ]
    )
    return callback
