import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

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


PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-" + "aB9_x-Yq7Z" * 6,
    "DJANGO_ALLOWED_HOSTS": "portal.example.com",
}


def test_production_refuses_to_start_with_debug_on():
    result = _manage(
        "check",
        "--settings=portal.settings.production",
        DJANGO_DEBUG="true",
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG is on with the production settings" in result.stderr


def test_a_command_run_by_cron_takes_the_settings_module_from_dot_env(tmp_path):
    """cron and systemd start `manage.py …` with no DJANGO_SETTINGS_MODULE:
    the one in .env applies, not development's DEBUG and immediate tasks."""
    (tmp_path / "manage.py").write_text((ROOT / "manage.py").read_text())
    (tmp_path / ".env").write_text(
        "DJANGO_SETTINGS_MODULE=portal.settings.production\n"
        + "".join(f"{k}={v}\n" for k, v in PRODUCTION.items())
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    environment["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; "
            "print(s.SETTINGS_MODULE, s.DEBUG, s.TASKS['default']['BACKEND'])",
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "portal.settings.production",
        "False",
        "django_tasks_db.DatabaseBackend",
    ]


def test_production_logs_one_json_object_per_line_with_time_and_level():
    result = _manage(
        "shell",
        "--settings=portal.settings.production",
        "-c",
        "import logging; logging.getLogger('portal.check').warning('disk %s', 'full')",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    import json

    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["event"] == "disk full"
    assert line["level"] == "warning"
    assert line["logger"] == "portal.check"
    assert line["timestamp"].startswith("20")


def test_sentry_is_on_only_when_its_dsn_is_set():
    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    off = _manage(
        "shell",
        "--no-imports",
        "--settings=portal.settings.production",
        "-c",
        code,
        **PRODUCTION,
    )
    on = _manage(
        "shell",
        "--no-imports",
        "--settings=portal.settings.production",
        "-c",
        code,
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        **PRODUCTION,
    )
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True"), on.stderr


@pytest.mark.django_db
def test_each_log_line_of_a_request_carries_its_request_id_and_user(client, buyer):
    import io
    import json
    import logging

    from portal.logs import logging_settings

    formatter_spec = dict(logging_settings(json=True)["formatters"]["portal"])
    factory = formatter_spec.pop("()")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**formatter_spec))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    client.force_login(buyer)
    client.raise_request_exception = False
    try:
        with mock.patch(
            "portal.dashboards.home.home_tiles", side_effect=KeyError("tile")
        ):
            client.get("/", HTTP_X_REQUEST_ID="req-4242")
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["request_id"] == "req-4242"
    assert line["user_id"] == buyer.pk
    assert line["level"] == "error"
    assert "Internal Server Error: /" in line["event"]
    assert "KeyError" in line["exception"]


@pytest.mark.django_db
def test_postgresql_connections_of_the_portal_do_not_jit_compile():
    """A dashboard query spent 825 ms in JIT compilation to run in 200 ms: the
    portal's connections have it off (SQLite has no JIT: nothing to check)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_postgresql_url_turns_jit_off_and_keeps_its_own_options():
    import environ

    from portal.settings.database import database_from_env

    url = (
        "postgres://portal@db.example:5432/portal?options=-c%20statement_timeout%3D5000"
    )
    with mock.patch.dict(os.environ, {"DATABASE_URL": url}):
        database = database_from_env(environ.Env(), ROOT)
    assert database["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"
    with mock.patch.dict(os.environ, {"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}):
        sqlite = database_from_env(environ.Env(), ROOT)
    assert "jit" not in str(sqlite.get("OPTIONS", {}))
