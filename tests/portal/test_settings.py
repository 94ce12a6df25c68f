import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage(
        "check",
        "--settings=portal.settings.production",
        DJANGO_ALLOWED_HOSTS="portal.example.com",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage(
        "check", "--settings=portal.settings.production", DJANGO_SECRET_KEY="x" * 60
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_deploy_check_reports_nothing():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        "--settings=portal.settings.production",
        DJANGO_SECRET_KEY="k3y-" + "aB9_x-Yq7Z" * 6,
        DJANGO_ALLOWED_HOSTS="portal.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_the_portal_policy_is_strict(client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "script-src 'self';" in policy or policy.endswith("script-src 'self'")
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_the_admin_policy_is_loosened_only_for_the_admin(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


@pytest.mark.django_db
def test_french_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert response["Content-Language"] == "fr"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("account_login"))
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()
