"""Team writes: roles, removals, suspension; the team's errors (``TeamError``).

Each service checks its own invariants and raises a ``TeamError`` subclass
with a message fit for the person who asked; views turn it into a message.
"""

from allauth.usersessions.models import UserSession
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.network.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
)
from accounts.network.rights import may
from accounts.network.selectors import organisations_managed_by
from accounts.network.suspension import session_sign_out_with_note


class TeamError(Exception):
    """A team or invitation change that cannot be made; the message says why."""


class PermissionDeniedError(TeamError):
    pass


class LastOwnerError(TeamError):
    pass


class AlreadyMemberError(TeamError):
    pass


class InvitationUnusableError(TeamError):
    """The invitation was accepted, revoked or has expired."""

    def __init__(self, invitation: Invitation):
        self.invitation = invitation
        super().__init__(invitation.get_state_display())


class RenewalAlreadyRequestedError(TeamError):
    pass


class InvitationPendingError(TeamError):
    """The address already has a pending invitation to this organisation."""

    def __init__(self, message: str, *, pending: Invitation, role: str):
        self.pending = pending
        self.role = role
        super().__init__(message)


class InvitationAlreadyPendingError(InvitationPendingError):
    """Same role: nothing to change; the owner may send the link again."""


class InvitationReplaceError(InvitationPendingError):
    """Another role: replacing the pending invitation needs ``replace=True``."""


class AddressHasAccountError(AlreadyMemberError):
    """The invited address already has an account (staff, or another team)."""


def ensure_manages(*, user: User, organisation: Organisation) -> None:
    if not organisations_managed_by(user).filter(pk=organisation.pk).exists():
        raise PermissionDeniedError(
            _("Only an owner of %(organisation)s or an Oxyplus manager can do this.")
            % {"organisation": organisation}
        )


def _end_sessions(
    users: QuerySet[User] | list[User], *, suspended: Organisation | None = None
) -> None:
    """Sign the users out of every device, once the change is committed.

    A suspension leaves a note in each session, so that the person's next page
    says why (``accounts.suspension``) rather than showing a bare login form.
    """
    user_ids = [u.pk for u in users]

    def end():
        for session in UserSession.objects.filter(user_id__in=user_ids):
            if suspended is None:
                session.end()
            else:
                session_sign_out_with_note(session.session_key, suspended)
                session.delete()

    transaction.on_commit(end)


def _lock_owners(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.select_for_update(of=("self",))
        .filter(organisation=organisation, role=Role.OWNER, user__is_active=True)
        .order_by("pk")
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User) -> None:
    """Give a member another role; the organisation always keeps an owner."""
    ensure_manages(user=by, organisation=membership.organisation)
    if role not in Role.values:
        raise TeamError(_("Choose a role."))
    owners = _lock_owners(membership.organisation)
    if (
        membership.role == Role.OWNER
        and role != Role.OWNER
        and [m.pk for m in owners] == [membership.pk]
    ):
        raise LastOwnerError(
            _(
                "%(name)s is the last owner of %(organisation)s. Make another "
                "member owner first."
            )
            % {"name": membership.user, "organisation": membership.organisation}
        )
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Remove a member: their account is deactivated and signed out everywhere."""
    ensure_manages(user=by, organisation=membership.organisation)
    owners = _lock_owners(membership.organisation)
    if membership.role == Role.OWNER and [m.pk for m in owners] == [membership.pk]:
        raise LastOwnerError(
            _(
                "%(name)s is the last owner of %(organisation)s and cannot be "
                "removed. Make another member owner first."
            )
            % {"name": membership.user, "organisation": membership.organisation}
        )
    user = membership.user
    membership.delete()
    user.is_active = False
    user.save(update_fields=["is_active"])
    _end_sessions([user])


@transaction.atomic
def organisation_suspend(
    *, organisation: Organisation, reason: str = "", by: User
) -> None:
    """Suspend a reseller: its members cannot log in and are signed out."""
    if not may(by, "resellers.manage"):
        raise PermissionDeniedError(_("Only Oxyplus managers can suspend a reseller."))
    organisation.status = Organisation.Status.SUSPENDED
    organisation.suspension_reason = reason
    organisation.save(update_fields=["status", "suspension_reason"])
    _end_sessions(
        User.objects.filter(membership__organisation=organisation),
        suspended=organisation,
    )


@transaction.atomic
def organisation_reactivate(*, organisation: Organisation, by: User) -> None:
    """Lift a suspension; members may log in again."""
    if not may(by, "resellers.manage"):
        raise PermissionDeniedError(
            _("Only Oxyplus managers can reactivate a reseller.")
        )
    organisation.status = Organisation.Status.ACTIVE
    organisation.suspension_reason = ""
    organisation.save(update_fields=["status", "suspension_reason"])
