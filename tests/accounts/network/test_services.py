from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core import mail
from django.utils import timezone

from accounts.network.models import Invitation, Membership, Role, User, hash_token
from accounts.network.services import (
    AddressHasAccountError,
    AlreadyMemberError,
    InvitationAlreadyPendingError,
    InvitationReplaceError,
    InvitationUnusableError,
    LastOwnerError,
    PermissionDeniedError,
    RenewalAlreadyRequestedError,
    invitation_accept,
    invitation_address_has_account,
    invitation_create,
    invitation_request_renewal,
    invitation_resend,
    membership_change_role,
    membership_remove,
    organisation_suspend,
)
from tests.accounts.factories import MembershipFactory, UserFactory


def _invite(organisation, by, email="new@example.test", role=Role.TECHNICIAN):
    return invitation_create(
        organisation=organisation, email=email, role=role, invited_by=by
    )


def test_invitation_is_emailed_with_a_single_use_link(
    owner, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(organisation, owner, email="New@Example.test")

    assert invitation.email == "new@example.test"
    assert len(token) >= 43  # 32 random bytes, urlsafe base64: 256 bits
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash  # only the hash is stored
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.test"]
    assert f"/invitations/{token}/" in mail.outbox[0].body
    assert organisation.name in mail.outbox[0].subject


def test_no_email_leaves_when_the_transaction_rolls_back(owner, organisation):
    # Without the on-commit callbacks being run, nothing is sent.
    _invite(organisation, owner)
    assert mail.outbox == []


def test_inviting_again_with_the_same_role_changes_nothing(owner, organisation):
    first, _token = _invite(organisation, owner, role=Role.BUYER)
    with pytest.raises(InvitationAlreadyPendingError) as refused:
        _invite(organisation, owner, email="NEW@example.test", role=Role.BUYER)
    assert refused.value.pending == first
    assert "new@example.test" in str(refused.value)
    first.refresh_from_db()
    assert first.is_pending
    assert Invitation.objects.count() == 1


def test_another_role_replaces_a_pending_invitation_only_when_confirmed(
    owner, organisation, django_capture_on_commit_callbacks
):
    first, _token = _invite(organisation, owner, role=Role.BUYER)
    with pytest.raises(InvitationReplaceError) as refused:
        _invite(organisation, owner, role=Role.OWNER)
    assert refused.value.pending == first
    first.refresh_from_db()
    assert first.is_pending and first.role == Role.BUYER
    assert Invitation.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        second, _token = invitation_create(
            organisation=organisation,
            email="new@example.test",
            role=Role.OWNER,
            invited_by=owner,
            replace=True,
        )
    first.refresh_from_db()
    assert first.state == Invitation.State.REVOKED
    assert second.is_pending and second.role == Role.OWNER
    assert [m.to for m in mail.outbox] == [["new@example.test"]]


def test_resending_replaces_the_link(owner, organisation):
    first, first_token = _invite(organisation, owner)
    second = invitation_resend(invitation=first, by=owner)
    first.refresh_from_db()
    assert first.state == Invitation.State.REVOKED
    assert second.is_pending and second.role == first.role
    with pytest.raises(InvitationUnusableError):
        invitation_accept(
            token=first_token,
            password="x-Strong-pass-42",
            first_name="A",
            last_name="B",
        )


def test_accepting_creates_a_verified_member(owner, organisation):
    _invitation, token = _invite(organisation, owner, role=Role.BUYER)
    user = invitation_accept(
        token=token, password="x-Strong-pass-42", first_name="Léa", last_name="Roy"
    )
    assert user.check_password("x-Strong-pass-42")
    assert user.membership.organisation == organisation
    assert user.membership.role == Role.BUYER
    assert EmailAddress.objects.get(user=user).verified


def test_a_used_link_cannot_be_used_again(owner, organisation):
    _invitation, token = _invite(organisation, owner)
    invitation_accept(
        token=token, password="x-Strong-pass-42", first_name="A", last_name="B"
    )
    with pytest.raises(InvitationUnusableError):
        invitation_accept(
            token=token, password="other-Strong-42", first_name="C", last_name="D"
        )
    assert User.objects.filter(email="new@example.test").count() == 1
    assert User.objects.get(email="new@example.test").first_name == "A"


def test_an_expired_link_cannot_be_used(owner, organisation):
    invitation, token = _invite(organisation, owner)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(InvitationUnusableError):
        invitation_accept(
            token=token, password="x-Strong-pass-42", first_name="A", last_name="B"
        )
    assert not User.objects.filter(email="new@example.test").exists()


@pytest.mark.parametrize("holder", ["other_owner", "agent"])
def test_an_address_with_an_account_elsewhere_is_invited_like_any_other(
    request, owner, organisation, holder, django_capture_on_commit_callbacks
):
    """Nothing tells the inviter that the address is staff's or another
    reseller's; the link tells its owner, and creates no second account."""
    account = request.getfixturevalue(holder)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(organisation, owner, email=account.email)
    assert invitation.is_pending
    assert [m.to for m in mail.outbox] == [[account.email]]
    assert invitation_address_has_account(invitation=invitation)
    with pytest.raises(AddressHasAccountError):
        invitation_accept(
            token=token, password="x-Strong-pass-42", first_name="A", last_name="B"
        )
    account.refresh_from_db()
    assert User.objects.filter(email__iexact=account.email).count() == 1
    assert not account.check_password("x-Strong-pass-42")
    assert not Membership.objects.filter(user=account, organisation=organisation)


def test_a_member_of_this_organisation_is_said_to_be_one(owner, buyer, organisation):
    with pytest.raises(AlreadyMemberError) as refused:
        _invite(organisation, owner, email=buyer.email.upper())
    assert buyer.email.lower() in str(refused.value)
    assert not Invitation.objects.exists()


def test_an_owner_cannot_invite_into_another_organisation(owner, other_organisation):
    with pytest.raises(PermissionDeniedError):
        _invite(other_organisation, owner)
    assert not Invitation.objects.exists()


def test_a_buyer_cannot_invite(buyer, organisation):
    with pytest.raises(PermissionDeniedError):
        _invite(organisation, buyer)


def test_managers_invite_into_any_organisation(manager, other_organisation):
    invitation, _token = _invite(other_organisation, manager, role=Role.OWNER)
    assert invitation.invited_by == manager


@pytest.mark.parametrize("who", ["agent", "editor", "reviewer"])
def test_other_staff_invite_into_no_organisation(request, who, other_organisation):
    staff = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        _invite(other_organisation, staff, role=Role.OWNER)
    assert not other_organisation.invitations.exists()


def test_the_last_owner_can_be_neither_demoted_nor_removed(owner, organisation):
    membership = owner.membership
    with pytest.raises(LastOwnerError):
        membership_change_role(membership=membership, role=Role.BUYER, by=owner)
    with pytest.raises(LastOwnerError):
        membership_remove(membership=membership, by=owner)
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_an_owner_can_step_down_once_there_is_another(owner, organisation):
    second = MembershipFactory(organisation=organisation, role=Role.OWNER)
    membership_change_role(membership=owner.membership, role=Role.BUYER, by=owner)
    owner.membership.refresh_from_db()
    assert owner.membership.role == Role.BUYER
    with pytest.raises(LastOwnerError):
        membership_remove(membership=second, by=second.user)


def test_removing_a_member_closes_the_account_and_its_sessions(
    owner, buyer, client, password, django_capture_on_commit_callbacks
):
    client.post("/accounts/login/", {"login": buyer.email, "password": password})
    assert UserSession.objects.filter(user=buyer).exists()
    with django_capture_on_commit_callbacks(execute=True):
        membership_remove(membership=buyer.membership, by=owner)
    buyer.refresh_from_db()
    assert not buyer.is_active
    assert not Membership.objects.filter(user=buyer).exists()
    assert not UserSession.objects.filter(user=buyer).exists()
    assert client.get("/").status_code == 302  # signed out


def test_a_removed_member_can_be_invited_back(owner, buyer, organisation):
    membership_remove(membership=buyer.membership, by=owner)
    _invitation, token = _invite(organisation, owner, email=buyer.email)
    user = invitation_accept(
        token=token, password="x-Strong-pass-42", first_name="A", last_name="B"
    )
    assert user.pk == buyer.pk
    assert user.is_active
    assert user.membership.organisation == organisation


def test_renewal_request_reaches_the_owners_once_a_day(
    owner, organisation, django_capture_on_commit_callbacks
):
    invitation, token = _invite(organisation, owner)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation_request_renewal(token=token)
    assert mail.outbox[-1].to == [owner.email]
    assert "new@example.test" in mail.outbox[-1].subject
    with pytest.raises(RenewalAlreadyRequestedError):
        invitation_request_renewal(token=token)


def test_suspension_requires_staff(owner, organisation):
    with pytest.raises(PermissionDeniedError):
        organisation_suspend(organisation=organisation, by=owner)


def test_email_uniqueness_is_case_insensitive_on_invitation(owner, organisation):
    UserFactory(email="existing@example.test", is_staff=True)
    _invitation, token = _invite(organisation, owner, email="EXISTING@example.test")
    with pytest.raises(AddressHasAccountError):
        invitation_accept(
            token=token, password="x-Strong-pass-42", first_name="A", last_name="B"
        )
    assert User.objects.filter(email__iexact="existing@example.test").count() == 1
