"""Invitations: the only way into a reseller's team (there is no open sign-up).

Errors are the team's (``TeamError`` subclasses, from ``team``)."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
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
from accounts.network.services.team import (
    AddressHasAccountError,
    AlreadyMemberError,
    InvitationAlreadyPendingError,
    InvitationReplaceError,
    InvitationUnusableError,
    RenewalAlreadyRequestedError,
    TeamError,
    ensure_manages,
)
from portal.emails import email_send_after_commit
from portal.links import absolute_url


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
    ensure_manages(user=invited_by, organisation=organisation)
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
    ensure_manages(user=by, organisation=invitation.organisation)
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
