import pyotp
import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.factories import PASSWORD, StaffFactory


def _password_login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def _enrol_totp(client) -> str:
    """Go through allauth's activation page; return the secret it showed."""
    activate = reverse("mfa_activate_totp")
    # Enrolling is sensitive: allauth asks for the password again first.
    response = client.get(activate)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(activate)
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()  # shown for manual entry
    response = client.post(
        reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 302
    return secret


def test_a_reseller_enrols_totp_and_then_needs_a_code(client, buyer):
    _password_login(client, buyer.email)
    secret = _enrol_totp(client)
    recovery = client.get(reverse("mfa_view_recovery_codes"))
    assert recovery.status_code == 200  # recovery codes come with TOTP
    client.post(reverse("account_logout"))

    response = _password_login(client, buyer.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert int(client.session["_auth_user_id"]) == buyer.pk


@pytest.fixture
def editor(db):
    return StaffFactory(email="editor@oxyplus.test", is_superuser=True)


@override_settings(PORTAL_STAFF_MFA_REQUIRED=True)
def test_staff_must_enrol_mfa_before_the_admin(client, editor):
    _password_login(client, editor.email)
    response = client.get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp")
    _enrol_totp(client)
    assert client.get("/admin/").status_code == 200


@override_settings(PORTAL_STAFF_MFA_REQUIRED=False)
def test_without_the_setting_staff_reach_the_admin_directly(client, editor):
    _password_login(client, editor.email)
    assert client.get("/admin/").status_code == 200
