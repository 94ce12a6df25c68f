"""Every e-mail of the portal, its own and allauth's, in one branded layout,
in French and in English, naming the portal and never the server's host."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from accounts.network.models import User
from portal.emails import email_render
from tests.accounts.factories import CustomerFactory

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = {
    "fr": {"lang": '<html lang="fr">', "footer": "Questions\u00a0?"},
    "en": {"lang": '<html lang="en">', "footer": "Questions?"},
}


def _portal_emails() -> list[str]:
    """Every e-mail template of the project, as ``app/email/name``."""
    found = []
    for subject in sorted(ROOT.glob("*/**/templates/*/email/*_subject.txt")):
        if ".venv" in subject.parts:
            continue
        folder = subject.parent
        name = subject.name.removesuffix("_subject.txt")
        found.append(f"{folder.parent.name}/email/{name}")
    return found


def test_the_portal_has_the_emails_this_test_walks_through():
    emails = _portal_emails()
    assert "ordering/email/order_placed" in emails
    assert "accounts/email/invitation" in emails
    assert len(emails) >= 12


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("template", _portal_emails())
def test_every_email_renders_in_the_layout(template, language, settings):
    message = email_render(
        template=template,
        to=["someone@example.test"],
        context={
            "number": "OX-1",
            "url": "https://portail.oxyplus.fr/x/",
            "currency": "EUR",
            "total_incl_vat": "12.00",
        },
        language=language,
    )
    html = message.alternatives[0][0]
    assert html.startswith("<!DOCTYPE html>") and LAYOUT[language]["lang"] in html
    assert html.count("<body") == 1  # no e-mail brings a page of its own
    for body in (html, message.body):
        assert "Oxyplus" in body
        assert settings.PORTAL_SUPPORT_EMAIL in body
        assert LAYOUT[language]["footer"] in body
        assert "testserver" not in body
    assert message.subject.startswith("[Oxyplus]")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting", "space"),
    [("fr", "Bonjour,", "Espace client"), ("en", "Hello,", "Customer space")],
)
def test_the_sign_in_code_email_is_the_portals_own(
    client, settings, language, greeting, space
):
    settings.WAGTAILADMIN_BASE_URL = "https://portail.oxyplus.test"
    customer = CustomerFactory(email="lea@example.test")
    customer.user = User.objects.create_user(email=customer.email)
    customer.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    client.post(reverse("account_request_login_code"), {"email": customer.email})

    [message] = mail.outbox
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert greeting in body and space in body
        # allauth's default named the host the request came through.
        assert "testserver" not in body
        assert "https://portail.oxyplus.test/" in body
    assert LAYOUT[language]["lang"] in html
