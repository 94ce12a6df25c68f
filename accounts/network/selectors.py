"""Reads shared by several views.

Every queryset a view serves starts from one of the
``<model>s_visible_to(user)`` selectors below; later apps follow the same
pattern (``orders_visible_to``, ``installations_visible_to``…). Each asks
the rights table (``accounts.network.rights``) whether the person sees the whole
network's rows, their own organisation's, their own customer record's, or
none.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.network.models import ApiToken, Invitation, Membership, Organisation, User
from accounts.network.rights import active_organisation_of, may, membership_of


def suspended_organisation_of(*, user: User) -> Organisation | None:
    """The suspended organisation that locks this reseller out, if any."""
    membership = membership_of(user=user)
    if membership is None:
        return None
    return membership.organisation if membership.organisation.is_suspended else None


def own_organisation_id(user: User) -> int | None:
    organisation = active_organisation_of(user)
    return organisation.pk if organisation is not None else None


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """Organisations the user may see: all for the call center and managers,
    their own for a reseller member, none otherwise."""
    if may(user, "resellers.view_network"):
        return Organisation.objects.all()
    organisation_id = own_organisation_id(user)
    if organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=organisation_id)


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    """Organisations whose team the user may manage: an owner's own, every
    one for managers."""
    if may(user, "resellers.manage"):
        return Organisation.objects.all()
    if may(user, "team.manage_own"):
        return Organisation.objects.filter(pk=own_organisation_id(user))
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


# --- Callback requests -----------------------------------------------------------


# --- API tokens -------------------------------------------------------------------


def api_tokens_visible_to(user: User | AnonymousUser) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first: nobody sees another's, not
    even staff."""
    if not may(user, "api.use"):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")
