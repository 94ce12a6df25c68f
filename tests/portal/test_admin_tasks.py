"""Staff see the background tasks that failed and send them again."""

from html import unescape

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from portal.emails import email_send
from tests.wagtail_admin import assert_turned_away

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_invitation():
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ):
        result = email_send.enqueue(
            template="accounts/email/invitation",
            to=["new.tech@example.test"],
            context={"accept_url": "https://portal.example/x"},
            language="fr",
        )
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        worker_ids=["w1", "w2", "w3"],
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback="Traceback…\nsmtplib.SMTPServerDisconnected: Connection closed",
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_manager_sees_the_failed_email_and_sends_it_again(
    client, manager, failed_invitation
):
    client.force_login(manager)
    response = client.get("/admin/tasks/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "new.tech@example.test" in page
    assert "invitation" in page
    assert "SMTPServerDisconnected" in page
    assert "https://portal.example/x" not in page  # arguments stay hidden

    response = client.post(f"/admin/tasks/{failed_invitation.pk}/retry/", follow=True)
    assert response.status_code == 200
    failed_invitation.refresh_from_db()
    assert failed_invitation.status == TaskResultStatus.READY
    assert failed_invitation.worker_ids == []  # all its tries back
    assert gettext("No failed task: every e-mail and refund went through.") in (
        unescape(response.content.decode())
    )


def test_retrying_twice_queues_once(client, manager, failed_invitation):
    client.force_login(manager)
    client.post(f"/admin/tasks/{failed_invitation.pk}/retry/")
    response = client.post(f"/admin/tasks/{failed_invitation.pk}/retry/", follow=True)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["agent", "editor", "reviewer"])
def test_other_staff_cannot_see_or_retry_tasks(client, request, who, failed_invitation):
    client.force_login(request.getfixturevalue(who))
    assert_turned_away(client, "/admin/tasks/")
    assert_turned_away(
        client, f"/admin/tasks/{failed_invitation.pk}/retry/", method="post"
    )
    failed_invitation.refresh_from_db()
    assert failed_invitation.status == TaskResultStatus.FAILED


def test_an_unknown_or_malformed_task_id_is_not_found(client, manager):
    client.force_login(manager)
    assert (
        client.post(
            "/admin/tasks/6f1c2d1e-0000-4000-8000-000000000000/retry/"
        ).status_code
        == 404
    )
    assert client.post("/admin/tasks/not-a-uuid/retry/").status_code == 404
