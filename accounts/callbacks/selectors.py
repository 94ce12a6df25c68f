"""Reads shared by the callback views: who sees which callback, and the queue."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.callbacks.models import CallbackRequest
from accounts.network.models import User
from accounts.network.rights import may
from accounts.network.selectors import own_organisation_id


def callbacks_visible_to(user: User | AnonymousUser) -> QuerySet[CallbackRequest]:
    """Every callback for the call center; a reseller's own and those about
    its installations; a customer's own."""
    if may(user, "callbacks.view_network"):
        return CallbackRequest.objects.all()
    if may(user, "callbacks.view_own"):
        organisation_id = own_organisation_id(user)
        return CallbackRequest.objects.filter(
            Q(owner_organisation_id=organisation_id)
            | Q(installation__organisation_id=organisation_id)
            | Q(created_by__membership__organisation_id=organisation_id)
        )
    if may(user, "customer_space.use"):
        return CallbackRequest.objects.filter(
            customer__user_id=user.pk, customer__erased_at__isnull=True
        )
    return CallbackRequest.objects.none()


def callbacks_pending(
    callbacks: QuerySet[CallbackRequest],
) -> QuerySet[CallbackRequest]:
    """Still to be made, missed ones included: the queue, soonest due first."""
    return callbacks.pending()


# The due filters of the queue (``?due=overdue``), as the home's cards count them.
DUE_FILTERS = ("overdue", "today")


def end_of_today(now: datetime) -> datetime:
    """Midnight tonight in the portal's time zone: "due today" ends there."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=timezone.get_current_timezone())


def due_filter(due: str, *, now: datetime) -> Q:
    """Pending callbacks past their time (``overdue``), or still due before
    midnight (``today``); an unknown word filters nothing."""
    if due == "overdue":
        return Q(due_at__lt=now)
    if due == "today":
        return Q(due_at__gte=now, due_at__lt=end_of_today(now))
    return Q()


# Nobody's yet: neither an agent nor a reseller has taken it.
UNASSIGNED = Q(owner__isnull=True, owner_organisation=None)
