"""Reads shared by several views.

Every queryset served to a non-staff user starts from one of the
``<model>s_visible_to(user)`` selectors below; later apps follow the same
pattern (``orders_visible_to``, ``installations_visible_to``…). Staff see
everything; a reseller sees their own organisation only; anybody else sees
nothing.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from .models import Invitation, Membership, Organisation, Role, User

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
