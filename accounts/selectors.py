"""Reads shared by several views.

Every queryset a view serves starts from one of the
``<model>s_visible_to(user)`` selectors below; later apps follow the same
pattern (``orders_visible_to``, ``installations_visible_to``…). Each asks
the rights table (``accounts.rights``) whether the person sees the whole
network's rows, their own organisation's, their own customer record's, or
none.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import (
    ApiToken,
    CallbackRequest,
    Customer,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
    Invitation,
    Membership,
    Organisation,
    User,
)
from accounts.rights import active_organisation_of, may, membership_of
from accounts.schedule import DUE_SOON_DAYS, Due
from portal.folding import MAX_WORDS, fold, serial_compact, serial_matches


def suspended_organisation_of(*, user: User) -> Organisation | None:
    """The suspended organisation that locks this reseller out, if any."""
    membership = membership_of(user=user)
    if membership is None:
        return None
    return membership.organisation if membership.organisation.is_suspended else None


def _own_organisation_id(user: User) -> int | None:
    organisation = active_organisation_of(user)
    return organisation.pk if organisation is not None else None


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """Organisations the user may see: all for the call center and managers,
    their own for a reseller member, none otherwise."""
    if may(user, "resellers.view_network"):
        return Organisation.objects.all()
    organisation_id = _own_organisation_id(user)
    if organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=organisation_id)


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    """Organisations whose team the user may manage: an owner's own, every
    one for managers."""
    if may(user, "resellers.manage"):
        return Organisation.objects.all()
    if may(user, "team.manage_own"):
        return Organisation.objects.filter(pk=_own_organisation_id(user))
    return Organisation.objects.none()


def memberships_visible_to(user: User) -> QuerySet[Membership]:
    """Memberships of the organisations the user may see."""
    return Membership.objects.filter(
        organisation__in=organisations_visible_to(user)
    ).select_related("user", "organisation")


def invitations_visible_to(user: User) -> QuerySet[Invitation]:
    """Invitations of the organisations whose team the user manages."""
    return Invitation.objects.filter(
        organisation__in=organisations_managed_by(user)
    ).select_related("organisation", "invited_by")


def team_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's members, owners first."""
    return (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__email")
    )


def invitations_open(*, organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked, newest first (expired included)."""
    return (
        Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


# --- Customers and installations ------------------------------------------------


def _served_by(organisation_id: int):
    """Customers an organisation installed for, or sold to."""
    from ordering.orders.models import Order

    return Q(
        Exists(
            Installation.objects.filter(
                customer=OuterRef("pk"),
                organisation_id=organisation_id,
                status=Installation.Status.SUBMITTED,
            )
        )
    ) | Q(
        Exists(
            Order.objects.filter(customer=OuterRef("pk")).filter(
                Q(organisation_id=organisation_id)
                | Q(credited_organisation_id=organisation_id)
            )
        )
    )


def customers_visible_to_organisation(organisation: Organisation) -> QuerySet[Customer]:
    """The customers a reseller serves: its installations and its orders."""
    return Customer.objects.filter(_served_by(organisation.pk))


def customers_visible_to(user: User | AnonymousUser) -> QuerySet[Customer]:
    """Every customer for the call center and managers, those a reseller
    serves for its members, a customer's own record for them."""
    if may(user, "customers.view_network"):
        return Customer.objects.all()
    organisation_id = _own_organisation_id(user)
    if organisation_id is not None:
        return Customer.objects.filter(_served_by(organisation_id))
    if may(user, "customer_space.use"):
        return Customer.objects.filter(user_id=user.pk, erased_at__isnull=True)
    return Customer.objects.none()


def phone_matches(text: str) -> Q:
    """Phones as typed ("06 12 48 73 90", "+33 6 12 48 73 90") that hold the
    same number as ``text``, whatever the spaces, dots or dashes in either.

    French numbers are compared on their last nine digits, so the leading 0
    and +33 meet; an empty Q matches nothing when fewer than 6 digits are typed.
    """
    digits = "".join(c for c in text if c.isdigit())[-9:]
    if len(digits) < 6:
        return Q(pk__in=[])
    return Q(phone__regex=r"[^0-9]*".join(digits) + r"[^0-9]*$")


def installations_visible_to(user: User | AnonymousUser) -> QuerySet[Installation]:
    """Recorded installations (and a reseller's drafts) the user may open."""
    recorded = Installation.objects.filter(status=Installation.Status.SUBMITTED)
    if may(user, "installations.view_network"):
        return recorded
    if may(user, "installations.view_own"):
        return Installation.objects.filter(organisation_id=_own_organisation_id(user))
    if may(user, "customer_space.use"):
        return recorded.filter(
            customer__user_id=user.pk, customer__erased_at__isnull=True
        )
    return Installation.objects.none()


def installation_search(
    installations: QuerySet[Installation],
    *,
    query: str = "",
    appliance_id: int | None = None,
    due_within_days: int | None = None,
    today: date | None = None,
) -> QuerySet[Installation]:
    """Recorded installations by customer name, town or serial number.

    Every word must be in the customer's name or town (case and accents
    aside, any order), start their postcode or be in the serial number; or
    the whole text is a serial number typed with or without its separators,
    or its last four characters or more ("2345" finds AB-12345).
    """
    found = installations.filter(status=Installation.Status.SUBMITTED)
    if query.strip():
        words = Q()
        for word in query.split()[:MAX_WORDS]:
            matches = Q(customer__search_folded__contains=fold(word)) | Q(
                customer__postcode__startswith=word
            )
            if serial_compact(word):  # not a lone hyphen, which all would hold
                matches |= Q(serial_compact__contains=serial_compact(word))
            words &= matches
        found = found.filter(words | serial_matches(query))
    if appliance_id:
        found = found.filter(appliance_id=appliance_id)
    if due_within_days is not None:
        horizon = (today or timezone.localdate()) + timedelta(days=due_within_days)
        found = found.filter(
            Exists(
                InstallationConsumable.objects.filter(
                    installation=OuterRef("pk"), next_due_on__lte=horizon
                )
            )
        )
    return found.select_related("customer", "appliance").order_by(
        "-installed_on", "-pk"
    )


@dataclass(frozen=True)
class ScheduleRow:
    """One consumable of an installation and when it is next due."""

    consumable: InstallationConsumable
    due: Due

    @property
    def part(self):
        return self.consumable.part


def with_consumables(installations: QuerySet[Installation]) -> QuerySet[Installation]:
    """Installations with their consumables and parts: one query for a list."""
    return installations.prefetch_related(
        Prefetch(
            "consumables",
            queryset=InstallationConsumable.objects.select_related("part"),
        )
    )


def maintenance_schedule(
    installation: Installation, *, today: date | None = None
) -> list[ScheduleRow]:
    """The consumables fitted, soonest due first (those with no interval last).

    Reads the consumables prefetched by ``with_consumables`` when there are.
    """
    today = today or timezone.localdate()
    prefetched = getattr(installation, "_prefetched_objects_cache", {})
    consumables = (
        installation.consumables.all()
        if "consumables" in prefetched
        else installation.consumables.select_related("part")
    )
    rows = [
        ScheduleRow(consumable=c, due=Due(on=c.next_due_on, today=today))
        for c in consumables
    ]
    return sorted(
        rows, key=lambda r: (r.due.on is None, r.due.on or today, r.part.name)
    )


def consumables_due(
    *, today: date | None = None, within_days: int = DUE_SOON_DAYS
) -> QuerySet[InstallationConsumable]:
    """Consumables of recorded installations due by the horizon, overdue too."""
    today = today or timezone.localdate()
    return InstallationConsumable.objects.filter(
        installation__status=Installation.Status.SUBMITTED,
        next_due_on__isnull=False,
        next_due_on__lte=today + timedelta(days=within_days),
    )


def photos_visible_to(user: User | AnonymousUser) -> QuerySet[InstallationPhoto]:
    """Photos of the installations the user may open, and a reseller's photos
    waiting on a form of theirs."""
    if may(user, "installations.view_own"):
        return InstallationPhoto.objects.filter(
            organisation_id=_own_organisation_id(user)
        )
    return InstallationPhoto.objects.filter(
        installation__in=installations_visible_to(user)
    )


# --- Callback requests -----------------------------------------------------------


def callbacks_visible_to(user: User | AnonymousUser) -> QuerySet[CallbackRequest]:
    """Every callback for the call center; a reseller's own and those about
    its installations; a customer's own."""
    if may(user, "callbacks.view_network"):
        return CallbackRequest.objects.all()
    if may(user, "callbacks.view_own"):
        organisation_id = _own_organisation_id(user)
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
    return (
        callbacks.exclude(status=CallbackRequest.Status.DONE)
        .select_related(
            "customer",
            "installation__appliance",
            "owner",
            "owner_organisation",
        )
        .order_by("due_at", "pk")
    )


# --- API tokens -------------------------------------------------------------------


def api_tokens_visible_to(user: User | AnonymousUser) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first: nobody sees another's, not
    even staff."""
    if not may(user, "api.use"):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")
