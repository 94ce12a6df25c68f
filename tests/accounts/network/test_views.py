import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.network.models import Invitation, Membership, Role, User
from accounts.network.services import (
    invitation_accept,
    invitation_create,
    organisation_reactivate,
    organisation_suspend,
)
from tests.accounts.factories import MembershipFactory
from tests.isolation import assert_isolated

STRONG = "Blue-kettle-Orchard-73"
INVITATION_TOKEN = re.compile(r"/invitations/([^\s\"<>/]+)/")


def _login(client, user, password):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": password}
    )


def _invite(organisation, by, email="colleague@example.test", role=Role.TECHNICIAN):
    return invitation_create(
        organisation=organisation, email=email, role=role, invited_by=by
    )


# --- Login --------------------------------------------------------------------


def test_anonymous_visitors_get_the_login_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert b'name="password"' in response.content


def test_a_reseller_lands_on_the_four_tabs(client, buyer, organisation, password):
    response = _login(client, buyer, password)
    assert response.status_code == 302
    page = client.get(response["Location"])
    body = page.content.decode()
    for url_name in ["orders", "stock", "documentation", "installations"]:
        assert f'href="{reverse(url_name)}"' in body
    assert organisation.name in body
    assert 'lang="fr"' in body


@pytest.mark.parametrize("url_name", ["orders", "stock", "documentation"])
def test_each_tab_shows_a_helpful_empty_state(client, buyer, url_name):
    client.force_login(buyer)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert b"empty-state" in response.content
    assert b"mailto:" in response.content


def test_sign_up_is_by_invitation_only(client, db):
    response = client.get(reverse("account_signup"))
    assert b'name="password1"' not in response.content
    assert "invitation" in response.content.decode().lower()
    response = client.post(
        reverse("account_signup"),
        {"email": "intruder@example.test", "password1": STRONG, "password2": STRONG},
    )
    assert not User.objects.filter(email="intruder@example.test").exists()


def test_repeated_failed_logins_are_stopped_with_a_clear_message(client, buyer):
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": buyer.email, "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": buyer.email, "password": "wrong"}
    )
    assert "Trop de tentatives" in response.content.decode()
    # Even the right password is refused while the lock lasts.
    response = _login(client, buyer, "correct-horse-battery-42")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_wagtail_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("account_login"))


# --- Suspension ---------------------------------------------------------------


def _says_suspended(response, organisation, reason=""):
    """The suspension notice: the organisation, the reason, whom to contact."""
    body = response.content.decode()
    assert response.status_code == 403
    assert "Accès suspendu" in body and organisation.name in body
    assert reason in body
    assert f'href="mailto:{settings.PORTAL_SUPPORT_EMAIL}"' in body
    assert settings.PORTAL_SUPPORT_PHONE in body
    assert 'name="password"' not in body  # not a bare login form


def test_members_of_a_suspended_organisation_cannot_log_in(
    client, buyer, organisation, manager, password
):
    organisation_suspend(organisation=organisation, reason="Impayés", by=manager)
    response = _login(client, buyer, password)
    assert response["Location"] == reverse("access_suspended")
    assert "_auth_user_id" not in client.session
    _says_suspended(client.get(response["Location"]), organisation, "Impayés")
    # The notice stays while the reseller is suspended (a reload shows it).
    _says_suspended(client.get(reverse("access_suspended")), organisation)


def test_suspension_ends_open_sessions_and_the_next_page_says_why(
    client, buyer, organisation, manager, password, django_capture_on_commit_callbacks
):
    _login(client, buyer, password)
    assert client.get(reverse("orders")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        organisation_suspend(organisation=organisation, reason="Impayés", by=manager)
    response = client.get(reverse("orders"), follow=True)
    assert response.redirect_chain == [(reverse("access_suspended"), 302)]
    _says_suspended(response, organisation, "Impayés")
    assert "_auth_user_id" not in client.session
    # Told once: the next page that needs a login asks for one.
    response = client.get(reverse("orders"))
    assert response["Location"].startswith(reverse("account_login"))


def test_an_open_session_ends_even_if_suspended_outside_the_service(
    client, buyer, organisation
):
    client.force_login(buyer)
    organisation.status = organisation.Status.SUSPENDED
    organisation.save()
    response = client.get(reverse("orders"), follow=True)
    assert response.redirect_chain == [(reverse("access_suspended"), 302)]
    _says_suspended(response, organisation)
    assert "_auth_user_id" not in client.session


def test_the_suspension_notice_is_forgotten_once_reactivated(
    client, buyer, organisation, manager, password
):
    organisation_suspend(organisation=organisation, by=manager)
    _login(client, buyer, password)
    organisation_reactivate(organisation=organisation, by=manager)
    response = client.get(reverse("access_suspended"))
    assert response["Location"] == reverse("account_login")
    response = _login(client, buyer, password)
    assert client.get(response["Location"]).status_code == 200
    assert int(client.session["_auth_user_id"]) == buyer.pk


def test_the_suspension_notice_is_empty_for_anybody_else(client, buyer):
    response = client.get(reverse("access_suspended"))
    assert response["Location"] == reverse("account_login")


def test_a_manager_suspends_and_reactivates_with_confirmation(
    client, manager, organisation, buyer
):
    client.force_login(manager)
    url = reverse("organisation_suspend", args=[organisation.slug])
    assert b"<form" in client.get(url).content  # a confirmation page first
    organisation.refresh_from_db()
    assert not organisation.is_suspended
    client.post(url, {"reason": "Contrat résilié"})
    organisation.refresh_from_db()
    assert organisation.is_suspended
    client.post(reverse("organisation_reactivate", args=[organisation.slug]))
    organisation.refresh_from_db()
    assert not organisation.is_suspended


def test_call_center_agents_cannot_suspend(client, agent, organisation):
    client.force_login(agent)
    response = client.post(
        reverse("organisation_suspend", args=[organisation.slug]), {"reason": ""}
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.is_suspended


# --- Invitations --------------------------------------------------------------


def test_owner_sends_an_invitation_from_the_team_page(
    client, owner, organisation, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    url = reverse("team", args=[organisation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"email": "colleague@example.test", "role": Role.TECHNICIAN},
            follow=True,
        )
    assert "colleague@example.test" in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.organisation == organisation
    assert invitation.role == Role.TECHNICIAN
    assert mail.outbox[0].to == ["colleague@example.test"]


def test_a_bad_invitation_keeps_what_was_typed(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        reverse("team", args=[organisation.slug]),
        {"email": "not-an-address", "role": Role.BUYER},
    )
    assert response.status_code == 400
    assert 'value="not-an-address"' in response.content.decode()
    assert not Invitation.objects.exists()


def _pending_rows(body: str) -> list[str]:
    """The rows of the team page's "not yet accepted" table."""
    section = body.split('aria-labelledby="invitations-title"', 1)[1]
    section = section.split("</section>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", section.split("<tbody>", 1)[1], re.S)


def test_re_inviting_with_the_same_role_offers_to_send_it_again(
    client, owner, organisation, django_capture_on_commit_callbacks
):
    pending, _token = _invite(organisation, owner, role=Role.BUYER)
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("team", args=[organisation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "Colleague@example.test", "role": Role.BUYER}
        )
    assert response.status_code == 409
    body = response.content.decode()
    assert "colleague@example.test was already invited as Buyer on " in body
    assert "the invitation is valid until " in body
    resend = reverse("invitation_resend", args=[organisation.slug, pending.pk])
    assert f'action="{resend}"' in body
    assert mail.outbox == []
    pending.refresh_from_db()
    assert pending.is_pending and Invitation.objects.count() == 1
    # The owner sends it again: a new link, the same role.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend)
    assert mail.outbox[0].to == ["colleague@example.test"]
    assert Invitation.objects.get(revoked_at__isnull=True).role == Role.BUYER


def test_re_inviting_with_another_role_asks_before_replacing(
    client, owner, organisation, django_capture_on_commit_callbacks
):
    pending, _token = _invite(organisation, owner, role=Role.BUYER)
    Invitation.objects.filter(pk=pending.pk).update(
        created_at=timezone.make_aware(datetime(2026, 12, 3, 10, 0)),
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("team", args=[organisation.slug])
    typed = {"email": "colleague@example.test", "role": Role.OWNER}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, typed)
    assert response.status_code == 409
    body = response.content.decode()
    assert (
        "colleague@example.test was invited as Buyer on 3 December 2026; replace it "
        "with an invitation as Owner?"
    ) in body
    # The confirmation keeps what was typed, and so does the form.
    assert body.count('name="email" value="colleague@example.test"') == 2
    assert '<input type="hidden" name="role" value="owner">' in body
    assert 'name="replace" value="1"' in body
    pending.refresh_from_db()
    assert pending.is_pending and pending.role == Role.BUYER
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**typed, "replace": "1"}, follow=True)
    assert "Invitation sent to colleague@example.test" in response.content.decode()
    pending.refresh_from_db()
    assert pending.state == Invitation.State.REVOKED
    assert Invitation.objects.get(revoked_at__isnull=True).role == Role.OWNER
    assert mail.outbox[0].to == ["colleague@example.test"]


@pytest.mark.parametrize("holder", ["other_owner", "agent"])
def test_inviting_an_address_with_an_account_elsewhere_reveals_nothing(
    request, client, owner, organisation, holder, django_capture_on_commit_callbacks
):
    """Staff or another reseller's member: the owner reads exactly what a new
    address gives; only the address's owner learns why the link cannot be used."""
    taken = request.getfixturevalue(holder).email
    client.force_login(owner)
    url = reverse("team", args=[organisation.slug])
    answers = []
    for email in ["nobody-yet@example.test", taken]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url, {"email": email, "role": Role.BUYER}, follow=True
            )
        assert response.redirect_chain == [(url, 302)]
        answers.append(response.content.decode().replace(email, "EMAIL"))
    assert answers[0].count("Invitation envoyée à EMAIL") == 1
    messages_of = [
        a.split('class="messages"', 1)[1].split("</div>", 1)[0] for a in answers
    ]
    assert messages_of[0] == messages_of[1]
    rows = _pending_rows(client.get(url).content.decode())
    assert len(rows) == 2
    new_row, taken_row = sorted(rows, key=lambda row: taken in row)
    assert re.sub(r"\d+/resend|\d+/revoke", "", new_row).replace(
        "nobody-yet@example.test", "EMAIL"
    ) == re.sub(r"\d+/resend|\d+/revoke", "", taken_row).replace(taken, "EMAIL")
    assert [m.to for m in mail.outbox] == [["nobody-yet@example.test"], [taken]]

    # The link's page tells the address's owner, and creates no account.
    token = INVITATION_TOKEN.search(mail.outbox[-1].body).group(1)
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    accept = reverse("invitation_accept", args=[token])
    response = client.get(accept)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Your address already has an account" in body
    assert f'href="mailto:{settings.PORTAL_SUPPORT_EMAIL}"' in body
    assert 'name="password1"' not in body
    strong = {"password1": STRONG, "password2": STRONG}
    response = client.post(accept, {"first_name": "X", "last_name": "Y", **strong})
    assert response.status_code == 409
    assert User.objects.filter(email__iexact=taken).count() == 1
    assert not User.objects.get(email__iexact=taken).check_password(STRONG)
    assert "_auth_user_id" not in client.session


def test_accepting_an_invitation_logs_the_new_member_in(client, owner, organisation):
    _invitation, token = _invite(organisation, owner)
    url = reverse("invitation_accept", args=[token])
    page = client.get(url)
    assert organisation.name in page.content.decode()
    response = client.post(
        url,
        {
            "first_name": "Inès",
            "last_name": "Lambert",
            "password1": STRONG,
            "password2": STRONG,
        },
        follow=True,
    )
    user = User.objects.get(email="colleague@example.test")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.membership.organisation == organisation
    assert organisation.name in response.content.decode()


def test_a_weak_password_is_refused_and_names_are_kept(client, owner, organisation):
    _invitation, token = _invite(organisation, owner)
    response = client.post(
        reverse("invitation_accept", args=[token]),
        {
            "first_name": "Inès",
            "last_name": "Lambert",
            "password1": "123",
            "password2": "123",
        },
    )
    assert response.status_code == 400
    assert 'value="Inès"' in response.content.decode()
    assert not User.objects.filter(email="colleague@example.test").exists()


def test_a_used_link_says_so_and_points_to_login_and_reset(
    client, owner, organisation, django_capture_on_commit_callbacks
):
    _invitation, token = _invite(organisation, owner)
    invitation_accept(token=token, password=STRONG, first_name="A", last_name="B")
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    body = response.content.decode()
    assert reverse("account_login") in body
    assert reverse("account_reset_password") in body
    # Owners are not asked to re-invite someone who is already a member.
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitation_renew", args=[token]))
    assert len(mail.outbox) == sent_before


def test_an_expired_link_says_so_and_a_new_one_can_be_asked(
    client, owner, organisation, django_capture_on_commit_callbacks
):
    invitation, token = _invite(organisation, owner)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert 'name="password1"' not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invitation_renew", args=[token]), follow=True)
    assert organisation.name in response.content.decode()
    assert mail.outbox[-1].to == [owner.email]


def test_an_unknown_link_is_not_found(client, db):
    response = client.get(reverse("invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 404


def test_a_member_of_another_organisation_cannot_take_an_invitation(
    client, owner, organisation, other_owner, other_organisation
):
    """The wrong-organisation case: signed in elsewhere, the link changes nothing."""
    _invitation, token = _invite(organisation, owner)
    client.force_login(other_owner)
    url = reverse("invitation_accept", args=[token])
    response = client.post(
        url,
        {"first_name": "X", "last_name": "Y", "password1": STRONG, "password2": STRONG},
    )
    assert response.status_code == 409
    assert other_owner.email in response.content.decode()
    other_owner.membership.refresh_from_db()
    assert other_owner.membership.organisation == other_organisation
    assert not User.objects.filter(email="colleague@example.test").exists()


# --- Team management ----------------------------------------------------------


def test_owner_changes_a_role_after_confirmation(client, owner, buyer):
    client.force_login(owner)
    url = reverse(
        "member_role", args=[buyer.membership.organisation.slug, buyer.membership.pk]
    )
    assert client.get(url).status_code == 200
    buyer.membership.refresh_from_db()
    assert buyer.membership.role == Role.BUYER
    client.post(url, {"role": Role.TECHNICIAN})
    buyer.membership.refresh_from_db()
    assert buyer.membership.role == Role.TECHNICIAN


def test_the_last_owner_is_protected_in_the_team_page(client, owner, organisation):
    client.force_login(owner)
    url = reverse("member_remove", args=[organisation.slug, owner.membership.pk])
    response = client.post(url, follow=True)
    refusal = gettext(
        "%(name)s is the last owner of %(organisation)s and cannot be "
        "removed. Make another member owner first."
    ) % {"name": owner, "organisation": organisation}
    assert refusal in unescape(response.content.decode())
    assert Membership.objects.filter(pk=owner.membership.pk).exists()
    url = reverse("member_role", args=[organisation.slug, owner.membership.pk])
    client.post(url, {"role": Role.BUYER})
    owner.membership.refresh_from_db()
    assert owner.membership.role == Role.OWNER


def test_owner_removes_a_member_after_confirmation(client, owner, buyer, organisation):
    client.force_login(owner)
    url = reverse("member_remove", args=[organisation.slug, buyer.membership.pk])
    confirmation = client.get(url)
    assert buyer.email in confirmation.content.decode()
    assert Membership.objects.filter(user=buyer).exists()
    client.post(url)
    assert not Membership.objects.filter(user=buyer).exists()


@pytest.mark.parametrize("role", [Role.BUYER, Role.TECHNICIAN])
def test_only_owners_manage_the_team(client, organisation, role):
    member = MembershipFactory(organisation=organisation, role=role).user
    client.force_login(member)
    response = client.get(reverse("team", args=[organisation.slug]))
    assert response.status_code == 403


def test_every_team_url_of_another_organisation_is_hidden(
    owner, organisation, other_owner, other_organisation
):
    other_member = MembershipFactory(
        organisation=other_organisation, role=Role.BUYER
    ).user
    invitation, _token = _invite(
        other_organisation, other_owner, email="secret-hire@example.test"
    )
    slug = other_organisation.slug
    urls = [
        reverse("team", args=[slug]),
        reverse("member_role", args=[slug, other_member.membership.pk]),
        reverse("member_remove", args=[slug, other_member.membership.pk]),
        reverse("invitation_revoke", args=[slug, invitation.pk]),
        reverse("invitation_resend", args=[slug, invitation.pk]),
        reverse("organisation_suspend", args=[slug]),
        reverse("organisation_reactivate", args=[slug]),
        # Another organisation's member addressed through one's own slug.
        reverse("member_remove", args=[organisation.slug, other_member.membership.pk]),
        reverse("invitation_revoke", args=[organisation.slug, invitation.pk]),
    ]
    for url in urls:
        post_only = "resend" in url or "reactivate" in url
        methods = ("post",) if post_only else ("get", "post")
        assert_isolated(
            url,
            viewer_organisation=organisation,
            hidden_texts=[
                other_member.email,
                "secret-hire@example.test",
                other_organisation.name,
            ],
            methods=methods,
        )
    # Nothing changed on the other side.
    other_member.membership.refresh_from_db()
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert not other_organisation.is_suspended


def test_managers_see_every_reseller(client, manager, organisation, other_organisation):
    client.force_login(manager)
    body = client.get(reverse("organisation_list")).content.decode()
    assert organisation.name in body and other_organisation.name in body
    body = client.get(reverse("organisation_list"), {"q": "Bretagne"}).content.decode()
    assert other_organisation.name in body and organisation.name not in body


def test_resellers_do_not_get_the_staff_list(client, owner):
    client.force_login(owner)
    assert client.get(reverse("organisation_list")).status_code == 403


def test_team_page_query_count_does_not_grow_with_the_team(
    client, owner, organisation, django_assert_max_num_queries
):
    for _index in range(15):
        MembershipFactory(organisation=organisation)
        _invite(organisation, owner, email=f"p{_index}@example.test")
    client.force_login(owner)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("team", args=[organisation.slug]))
    assert response.status_code == 200
