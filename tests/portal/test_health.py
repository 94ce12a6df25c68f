"""Health endpoints and what a page says while the database is away."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.emails import email_message_send

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


def _ready(client):
    response = client.get("/health/ready/?format=json")
    return response.status_code, json.loads(response.content)


def test_readiness_checks_database_cache_storages_and_backlog(client):
    status, body = _ready(client)
    assert status == 200, body
    checks = " ".join(body)
    for name in ("Database", "Cache", "Storage", "TaskBacklog"):
        assert name in checks
    assert "private" in checks


def test_readiness_fails_when_the_database_is_down(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.temporary_connection",
        side_effect=OperationalError("connection refused"),
    ):
        status, body = _ready(client)
    assert status == 500
    failing = [name for name, state in body.items() if state != "OK"]
    assert failing and all("Database" in name for name in failing)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    PORTAL_TASK_BACKLOG_ALERT_SECONDS=900,
)
def test_readiness_fails_when_no_worker_takes_due_tasks(client):
    result = email_message_send.enqueue(
        subject="s",
        body="b",
        from_email="a@example.test",
        to=["b@example.test"],
        alternatives=[],
        headers={},
    )
    assert _ready(client)[0] == 200  # just queued: fine
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=20)
    )
    status, body = _ready(client)
    assert status == 500
    assert "waited" in json.dumps(body)


def test_a_database_error_answers_503_with_retry_after(client, buyer):
    client.raise_request_exception = False
    client.force_login(buyer)
    with mock.patch(
        "accounts.network.middleware.OrganisationAccessMiddleware.__call__",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "momentanément indisponible" in response.content.decode()


def test_any_other_error_still_answers_500(client, buyer):
    client.raise_request_exception = False
    client.force_login(buyer)
    with mock.patch(
        "accounts.network.middleware.OrganisationAccessMiddleware.__call__",
        side_effect=KeyError("bug"),
    ):
        response = client.get("/")
    assert response.status_code == 500
