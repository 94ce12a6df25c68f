"""Team writes: invitations, team changes, suspension.

Each service checks its own invariants and raises a ``TeamError`` subclass
with a message fit for the person who asked; views turn it into a message.
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.network.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
    hash_token,
)
from accounts.network.rights import may, opens_admin
from accounts.network.selectors import organisations_managed_by
from accounts.network.suspension import session_sign_out_with_note
from portal.emails import email_send_after_commit
from portal.links import absolute_url


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


def _ensure_manages(*, user: User, organisation: Organisation) -> None:
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


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _pending_invitation_check(
    *, organisation: Organisation, email: str, role: str, now
) -> None:
    """Refuse to replace a pending invitation silently: same role, it is
    already on its way; another role, the owner must confirm the change."""
    pending = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(
            organisation=organisation,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .order_by("-created_at")
        .first()
    )
    if pending is None:
        return
    if pending.role == role:
        raise InvitationAlreadyPendingError(
            _(
                "%(email)s was already invited as %(role)s on %(sent)s; the "
                "invitation is valid until %(expires)s."
            )
            % {
                "email": email,
                "role": pending.get_role_display(),
                "sent": _day(pending.created_at),
                "expires": _day(pending.expires_at),
            },
            pending=pending,
            role=role,
        )
    raise InvitationReplaceError(
        _(
            "%(email)s was invited as %(old_role)s on %(sent)s; replace it with "
            "an invitation as %(role)s?"
        )
        % {
            "email": email,
            "old_role": pending.get_role_display(),
            "sent": _day(pending.created_at),
            "role": Role(role).label,
        },
        pending=pending,
        role=role,
    )


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    invited_by: User,
    replace: bool = False,
) -> tuple[Invitation, str]:
    """Invite an address into the organisation and email it a single-use link.

    A pending invitation for the same address is replaced only with
    ``replace=True`` (``InvitationPendingError`` otherwise); the newest link is
    then the only one that works. An address that already has an account
    elsewhere (staff, another reseller) is invited like any other, so that the
    answer tells the inviter nothing; the link's page tells the address's owner.
    Returns the invitation and the raw token (only its hash is stored).
    """
    _ensure_manages(user=invited_by, organisation=organisation)
    email = email.strip().lower()
    if role not in Role.values:
        raise TeamError(_("Choose a role."))
    if organisation.is_suspended:
        raise TeamError(_("This organisation is suspended: nobody can join it."))
    if Membership.objects.filter(
        user__email__iexact=email, user__is_active=True, organisation=organisation
    ).exists():
        # The inviter sees their own team: saying so tells them nothing new.
        raise AlreadyMemberError(
            _("%(email)s is already a member of this organisation.") % {"email": email}
        )
    now = timezone.now()
    if not replace:
        _pending_invitation_check(
            organisation=organisation, email=email, role=role, now=now
        )
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.PORTAL_INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    email_send_after_commit(
        template="accounts/email/invitation",
        to=[email],
        context={
            "organisation": organisation.name,
            "inviter": str(invited_by),
            "role": invitation.get_role_display(),
            "url": absolute_url(reverse("invitation_accept", args=[token])),
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    return invitation, token


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation a link points to, whatever its state, or None."""
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def _has_account(user: User | None) -> bool:
    """An account accepting an invitation must not take over: a staff account
    or an active member of a team (this one or another)."""
    return user is not None and (
        opens_admin(user) or (user.is_active and hasattr(user, "membership"))
    )


def invitation_address_has_account(*, invitation: Invitation) -> bool:
    """Whether the invited address already has an account the invitation cannot
    be accepted with; shown only on the link's page, to the address's owner."""
    return _has_account(User.objects.filter(email__iexact=invitation.email).first())


@transaction.atomic
def invitation_accept(
    *, token: str, password: str, first_name: str, last_name: str
) -> User:
    """Create (or re-activate) the invitee's account and add it to the team.

    The link proves the address, so the email is marked verified. The
    invitation row is locked so that two clicks cannot both use it.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise TeamError(_("This invitation link is not valid."))
    if not invitation.is_pending:
        raise InvitationUnusableError(invitation)
    if invitation.organisation.is_suspended:
        raise TeamError(_("This organisation is suspended: nobody can join it."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if _has_account(user):
        raise AddressHasAccountError(
            _(
                "%(email)s already has an account on the portal. Contact Oxyplus "
                "to join this team with it."
            )
            % {"email": invitation.email}
        )
    if user is None:
        user = User(email=invitation.email)
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    Membership.objects.filter(user=user).delete()
    Membership.objects.create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    EmailAddress.objects.update_or_create(
        user=user,
        email=invitation.email,
        defaults={"verified": True, "primary": True},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """Make a pending invitation's link stop working."""
    _ensure_manages(user=by, organisation=invitation.organisation)
    if invitation.accepted_at:
        raise InvitationUnusableError(invitation)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """Send a fresh link for the same address and role; the old one stops working."""
    if invitation.accepted_at:
        raise InvitationUnusableError(invitation)
    new_invitation, _token = invitation_create(
        organisation=invitation.organisation,
        email=invitation.email,
        role=invitation.role,
        invited_by=by,
        replace=True,
    )
    return new_invitation


@transaction.atomic
def invitation_request_renewal(*, token: str) -> Invitation:
    """Ask the organisation's owners for a new link, at most once a day."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise TeamError(_("This invitation link is not valid."))
    if invitation.accepted_at:
        # The invitee is already a member: a password reset is what helps.
        raise InvitationUnusableError(invitation)
    now = timezone.now()
    if invitation.renewal_requested_at and (
        now - invitation.renewal_requested_at < timedelta(days=1)
    ):
        raise RenewalAlreadyRequestedError(
            _("A new invitation was already requested today. The team will reply.")
        )
    invitation.renewal_requested_at = now
    invitation.save(update_fields=["renewal_requested_at"])
    recipients = list(
        Membership.objects.filter(
            organisation=invitation.organisation,
            role=Role.OWNER,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )
    if invitation.invited_by and may(invitation.invited_by, "resellers.manage"):
        recipients.append(invitation.invited_by.email)
    if not recipients:
        recipients = [settings.PORTAL_SUPPORT_EMAIL]
    email_send_after_commit(
        template="accounts/email/invitation_renewal",
        to=sorted(set(recipients)),
        context={
            "organisation": invitation.organisation.name,
            "email": invitation.email,
            "url": absolute_url(reverse("team", args=[invitation.organisation.slug])),
        },
    )
    return invitation


def _lock_owners(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.select_for_update(of=("self",))
        .filter(organisation=organisation, role=Role.OWNER, user__is_active=True)
        .order_by("pk")
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User) -> None:
    """Give a member another role; the organisation always keeps an owner."""
    _ensure_manages(user=by, organisation=membership.organisation)
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
    _ensure_manages(user=by, organisation=membership.organisation)
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
