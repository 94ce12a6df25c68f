"""The task worker keeps the promises pages make ("invitation sent").

These tests queue tasks in the database backend, as production does, and
run the portal's worker (portal.worker) on them: a task that meets an SMTP
server that is down is tried again later and fails only after its last try;
a task whose worker died runs again; an outcome is written once the database
answers, so an e-mail that left is not sent again.
"""

import os
import signal
import smtplib
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from accounts.customers.emails import customer_email_send
from accounts.customers.models import CustomerEmail
from portal.emails import email_message_send
from portal.worker import PortalWorker, is_transient, tasks_reclaim_stale
from tests.accounts.factories import CustomerFactory

pytestmark = pytest.mark.django_db

DB_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    PORTAL_TASK_MAX_ATTEMPTS=3,
    PORTAL_TASK_RETRY_SECONDS=30,
    PORTAL_TASK_STALE_SECONDS=600,
)


def worker() -> PortalWorker:
    return PortalWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def queue_message(to="client@example.test") -> DBTaskResult:
    result = email_message_send.enqueue(
        subject="Votre code",
        body="K7QM-3XPA",
        from_email="portail@oxyplus.fr",
        to=[to],
        alternatives=[],
        headers={},
    )
    return DBTaskResult.objects.get(pk=result.id)


def make_due(row: DBTaskResult) -> None:
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())


def smtp_down(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@DB_TASKS
def test_an_email_that_meets_smtp_down_is_tried_again_later_then_sent_once():
    row = queue_message()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", smtp_down
    ):
        worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.run_after > timezone.now() + timedelta(seconds=25)
    assert row.exception_class_path.endswith("SMTPServerDisconnected")
    assert mail.outbox == []

    worker().run()  # not due yet: nothing happens
    assert mail.outbox == []

    make_due(row)
    worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert [m.body for m in mail.outbox] == ["K7QM-3XPA"]
    assert len(row.worker_ids) == 2


@DB_TASKS
def test_an_email_fails_for_good_only_after_its_last_try():
    row = queue_message()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", smtp_down
    ):
        for _ in range(3):
            make_due(row)
            worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 3
    assert "SMTPServerDisconnected" in row.traceback


@DB_TASKS
def test_a_bug_fails_at_once_without_retrying():
    row = queue_message()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ValueError("template bug"),
    ):
        worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 1


def test_which_errors_are_worth_another_try():
    assert is_transient(ConnectionRefusedError())
    assert is_transient(OperationalError("server closed the connection"))
    assert is_transient(smtplib.SMTPResponseException(451, b"try later"))
    assert not is_transient(smtplib.SMTPResponseException(550, b"no such user"))
    assert not is_transient(
        smtplib.SMTPRecipientsRefused({"x@example.test": (550, b"unknown")})
    )
    assert is_transient(
        smtplib.SMTPRecipientsRefused({"x@example.test": (452, b"mailbox full")})
    )
    assert not is_transient(KeyError("customer"))


@DB_TASKS
def test_a_task_left_running_by_a_dead_worker_runs_again_after_the_timeout():
    row = queue_message()
    # A worker claimed it, then was killed (SIGKILL: no chance to write).
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=60),
        worker_ids=["dead"],
    )
    assert tasks_reclaim_stale() == (0, 0)  # 60 s is not stale yet
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=601)
    )
    assert tasks_reclaim_stale() == (1, 0)

    worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1


@DB_TASKS
def test_a_task_that_keeps_killing_its_worker_ends_failed():
    row = queue_message()
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        worker_ids=["a", "b", "c"],
    )
    assert tasks_reclaim_stale() == (0, 1)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "portal.worker.WorkerLost"


@DB_TASKS
def test_the_outcome_of_a_task_that_ran_waits_for_the_database():
    """The e-mail left; the database is gone for a moment when the worker
    records it. It waits, records, and the e-mail is not sent again."""
    row = queue_message()
    real = DBTaskResult.set_successful
    calls = []

    def flaky(self, value):
        calls.append(value)
        if len(calls) == 1:
            raise OperationalError("terminating connection due to administrator")
        return real(self, value)

    with (
        mock.patch.object(DBTaskResult, "set_successful", flaky),
        mock.patch("portal.worker.time.sleep"),
    ):
        worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1
    assert len(calls) == 2


@DB_TASKS
def test_a_logged_customer_email_is_not_sent_twice_when_the_log_write_fails():
    customer = CustomerFactory()
    result = customer_email_send.enqueue(
        template="customers/email/customer_space",
        to=[customer.email],
        context={},
        language="fr",
        customer_id=customer.pk,
    )
    real_create = CustomerEmail.objects.create
    attempts = []

    def create(**kwargs):
        attempts.append(kwargs)
        if len(attempts) == 1:
            raise OperationalError("the database system is starting up")
        return real_create(**kwargs)

    with (
        mock.patch.object(CustomerEmail.objects, "create", create),
        mock.patch("portal.worker.time.sleep"),
    ):
        worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert len(mail.outbox) == 1
    assert CustomerEmail.objects.filter(customer=customer).count() == 1


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _wait_for(predicate, seconds=20.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_the_supervisor_starts_a_new_worker_when_one_is_killed(tmp_path):
    """No database at all (a closed port): the worker process waits for it
    instead of exiting, and a worker killed with SIGKILL is replaced without
    anybody's help; SIGTERM stops everything cleanly."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    supervisor = subprocess.Popen(  # noqa: S603
        [sys.executable, str(manage), "run_worker", "--processes", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = _wait_for(lambda: _children(supervisor.pid))
        assert len(first) == 1
        time.sleep(3)  # long enough to have met the missing database
        assert _children(supervisor.pid) == first, "the worker exited on its own"

        os.kill(first[0], signal.SIGKILL)
        second = _wait_for(
            lambda: [p for p in _children(supervisor.pid) if p not in first]
        )
        assert len(second) == 1
        assert supervisor.poll() is None

        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=20) == 0
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        output = supervisor.stdout.read()
    assert f"worker process {first[0]} exited with -9" in output


@DB_TASKS
def test_a_task_whose_code_was_removed_fails_at_once_instead_of_hanging():
    row = queue_message()
    DBTaskResult.objects.filter(pk=row.pk).update(
        task_path="accounts.customers.tasks.gone"
    )
    worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.finished_at is not None
    assert mail.outbox == []
