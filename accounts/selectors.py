"""Reads shared by several views.

Every queryset served to a non-staff user starts from one of the
``<model>s_visible_to(user)`` selectors below; later apps follow the same
pattern (``orders_visible_to``, ``installations_visible_to``…). Staff see
everything; a reseller sees their own organisation only; anybody else sees
nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    ApiToken,
    CallbackRequest,
    Customer,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
)
from .schedule import DUE_SOON_DAYS, Due

_MEMBERSHIP_CACHE = "_portal_membership"


def membership_of(*, user: User) -> Membership | None:
    """The user's membership with its organisation, or None.

    Kept on the user object, which lives as long as the request: the
    middleware, the selectors and the view then share one query.
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, _MEMBERSHIP_CACHE):
        membership = (
            Membership.objects.select_related("organisation")
            .filter(user_id=user.pk)
            .first()
        )
        setattr(user, _MEMBERSHIP_CACHE, membership)
    return getattr(user, _MEMBERSHIP_CACHE)


def is_network_member(user: User | AnonymousUser) -> bool:
    """Staff, or a member of an active reseller: who reads stock and documentation."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    membership = membership_of(user=user)
    return membership is not None and not membership.organisation.is_suspended


def suspended_organisation_of(*, user: User) -> Organisation | None:
    """The suspended organisation that locks this reseller out, if any."""
    membership = membership_of(user=user)
    if user.is_staff or membership is None:
        return None
    return membership.organisation if membership.organisation.is_suspended else None


def _own_organisation_id(user: User) -> int | None:
    membership = membership_of(user=user)
    if membership is None or membership.organisation.is_suspended:
        return None
    return membership.organisation_id


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """Organisations the user may see: all for staff, their own for a reseller."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_staff:
        return Organisation.objects.all()
    organisation_id = _own_organisation_id(user)
    if organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=organisation_id)


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    """Organisations whose team the user may manage: owners' own, staff all."""
    visible = organisations_visible_to(user)
    if user.is_authenticated and user.is_staff:
        return visible
    return visible.filter(memberships__user=user, memberships__role=Role.OWNER)


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
    from ordering.models import Order

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
    """All customers for staff, a reseller's own, a customer themselves."""
    if not user.is_authenticated or not user.is_active:
        return Customer.objects.none()
    if user.is_staff:
        # The call center and managers; not the documentation editors.
        if user.has_perm("accounts.view_customer"):
            return Customer.objects.all()
        return Customer.objects.none()
    organisation_id = _own_organisation_id(user)
    if organisation_id is not None:
        return Customer.objects.filter(_served_by(organisation_id))
    if membership_of(user=user) is not None:
        return Customer.objects.none()  # a suspended reseller
    return Customer.objects.filter(user_id=user.pk, erased_at__isnull=True)


_CUSTOMER_CACHE = "_portal_customer"


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


def customer_of(user: User | AnonymousUser) -> Customer | None:
    """The customer record a customer-space user signs in as, or None.

    Kept on the user object for the request, like the membership: the
    header and the view share one query.
    """
    if not user.is_authenticated or user.is_staff or membership_of(user=user):
        return None
    if not hasattr(user, _CUSTOMER_CACHE):
        customer = Customer.objects.filter(
            user_id=user.pk, erased_at__isnull=True
        ).first()
        setattr(user, _CUSTOMER_CACHE, customer)
    return getattr(user, _CUSTOMER_CACHE)


def installations_visible_to(user: User | AnonymousUser) -> QuerySet[Installation]:
    """Recorded installations (and a reseller's drafts) the user may open."""
    if not user.is_authenticated or not user.is_active:
        return Installation.objects.none()
    recorded = Installation.objects.filter(status=Installation.Status.SUBMITTED)
    if user.is_staff:
        if user.has_perm("accounts.view_installation"):
            return recorded
        return Installation.objects.none()
    organisation_id = _own_organisation_id(user)
    if organisation_id is not None:
        return Installation.objects.filter(organisation_id=organisation_id)
    if membership_of(user=user) is not None:
        return Installation.objects.none()
    return recorded.filter(customer__user_id=user.pk, customer__erased_at__isnull=True)


def installation_search(
    installations: QuerySet[Installation],
    *,
    query: str = "",
    appliance_id: int | None = None,
    due_within_days: int | None = None,
    today: date | None = None,
) -> QuerySet[Installation]:
    """Recorded installations by customer name, town or serial number."""
    found = installations.filter(status=Installation.Status.SUBMITTED)
    for word in query.split()[:5]:
        found = found.filter(
            Q(customer__last_name__icontains=word)
            | Q(customer__first_name__icontains=word)
            | Q(customer__city__icontains=word)
            | Q(customer__postcode__startswith=word)
            | Q(serial_number__icontains=word.replace(" ", "").upper())
        )
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
    if not user.is_authenticated or not user.is_active:
        return InstallationPhoto.objects.none()
    organisation_id = None if user.is_staff else _own_organisation_id(user)
    if organisation_id is not None:
        return InstallationPhoto.objects.filter(organisation_id=organisation_id)
    return InstallationPhoto.objects.filter(
        installation__in=installations_visible_to(user)
    )


# --- Callback requests -----------------------------------------------------------


def callbacks_visible_to(user: User | AnonymousUser) -> QuerySet[CallbackRequest]:
    """Every callback for the call center; a reseller's own and those about
    its installations; a customer's own."""
    if not user.is_authenticated or not user.is_active:
        return CallbackRequest.objects.none()
    if user.is_staff:
        if user.has_perm("accounts.view_callbackrequest"):
            return CallbackRequest.objects.all()
        return CallbackRequest.objects.none()
    organisation_id = _own_organisation_id(user)
    if organisation_id is not None:
        return CallbackRequest.objects.filter(
            Q(owner_organisation_id=organisation_id)
            | Q(installation__organisation_id=organisation_id)
            | Q(created_by__membership__organisation_id=organisation_id)
        )
    if membership_of(user=user) is not None:
        return CallbackRequest.objects.none()
    return CallbackRequest.objects.filter(
        customer__user_id=user.pk, customer__erased_at__isnull=True
    )


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
    if not user.is_authenticated or not is_network_member(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")
