"""Links in e-mails: the development server's own address, or DJANGO_BASE_URL."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.network.models import Role
from portal.links import absolute_url
from tests.portal.test_settings import _manage

INVITATION_LINK = re.compile(r"https?://[^\s\"<>]+/invitations/[^\s\"<>/]+/")


def _links_setting(settings_module: str, **env) -> str:
    result = _manage(
        "shell",
        f"--settings={settings_module}",
        "-c",
        "from django.conf import settings; "
        "print(settings.PORTAL_LINKS_FROM_REQUEST, settings.WAGTAILADMIN_BASE_URL)",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_only_development_without_a_base_url_follows_the_request():
    assert _links_setting("portal.settings.dev") == "True http://127.0.0.1:8000"
    assert (
        _links_setting("portal.settings.dev", DJANGO_BASE_URL="https://x.example")
        == "False https://x.example"
    )
    assert (
        _links_setting(
            "portal.settings.production",
            DJANGO_SECRET_KEY="k3y-" + "aB9_x-Yq7Z" * 6,
            DJANGO_ALLOWED_HOSTS="portal.example.com",
        )
        == "False http://127.0.0.1:8000"
    )


def _invite(client, owner, organisation, capture, **headers) -> str:
    """The link of the invitation an owner sends from the team page."""
    client.force_login(owner)
    with capture(execute=True):
        client.post(
            reverse("team", args=[organisation.slug]),
            {"email": "colleague@example.test", "role": Role.BUYER},
            **headers,
        )
    [email] = mail.outbox
    return INVITATION_LINK.search(email.body).group(0)


def test_a_development_invitation_links_to_the_address_the_server_runs_on(
    client, settings, owner, organisation, django_capture_on_commit_callbacks
):
    settings.PORTAL_LINKS_FROM_REQUEST = True  # dev.py without DJANGO_BASE_URL
    link = _invite(
        client,
        owner,
        organisation,
        django_capture_on_commit_callbacks,
        HTTP_HOST="127.0.0.1:8101",
    )
    assert link.startswith("http://127.0.0.1:8101/invitations/")


def test_with_a_base_url_the_host_header_is_never_used(
    client, settings, owner, organisation, django_capture_on_commit_callbacks
):
    settings.PORTAL_LINKS_FROM_REQUEST = False
    settings.WAGTAILADMIN_BASE_URL = "https://portail.oxyplus.fr"
    settings.ALLOWED_HOSTS = ["*"]  # even behind a lax proxy
    link = _invite(
        client,
        owner,
        organisation,
        django_capture_on_commit_callbacks,
        HTTP_HOST="evil.example:8101",
    )
    assert link.startswith("https://portail.oxyplus.fr/invitations/")


def test_outside_a_request_links_use_the_setting(settings):
    settings.PORTAL_LINKS_FROM_REQUEST = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000/"
    assert absolute_url("/reseller/orders/") == "http://127.0.0.1:8000/reseller/orders/"


@pytest.mark.django_db
def test_the_request_s_address_is_forgotten_after_the_response(client, settings):
    settings.PORTAL_LINKS_FROM_REQUEST = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    client.get(reverse("account_login"), HTTP_HOST="localhost:8101")
    assert absolute_url("/") == "http://127.0.0.1:8000/"
