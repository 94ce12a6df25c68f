"""Migrations keep what is stored: rows of an earlier layout survive the move."""

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("accounts", "0010_customer_link")
AFTER = ("accounts", "0011_email_tasks_in_portal")


def _stored(results, task_path: str, **kwargs):
    return results.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": kwargs},
        task_path=task_path,
        backend_name="default",
        run_after=timezone.now(),
    )


def test_queued_emails_follow_their_task_to_its_new_module(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    results = old.apps.get_model("django_tasks_database", "DBTaskResult")
    mail = {"template": "accounts/email/invitation", "to": ["a@b.test"]}
    invitation = _stored(results, "accounts.tasks.email_send", customer_id=None, **mail)
    promise = _stored(results, "accounts.tasks.email_send", customer_id=7, **mail)
    login_code = _stored(
        results, "accounts.tasks.email_message_send", subject="Code", to=["c@d.test"]
    )
    refund = _stored(results, "ordering.tasks.payment_refund_task", payment_id=3)

    new = migrator.apply_tested_migration(AFTER)
    results = new.apps.get_model("django_tasks_database", "DBTaskResult")
    moved = {r.pk: r for r in results.objects.all()}

    assert moved[invitation.pk].task_path == "portal.emails.email_send"
    assert moved[invitation.pk].args_kwargs["kwargs"] == mail
    assert moved[promise.pk].task_path == "accounts.emails.customer_email_send"
    assert moved[promise.pk].args_kwargs["kwargs"] == {"customer_id": 7, **mail}
    assert moved[login_code.pk].task_path == "portal.emails.email_message_send"
    assert moved[login_code.pk].args_kwargs["kwargs"]["subject"] == "Code"
    assert moved[refund.pk].task_path == "ordering.tasks.payment_refund_task"


def test_each_moved_path_names_a_task_that_exists():
    for path in (
        "portal.emails.email_send",
        "accounts.customers.emails.customer_email_send",
        "portal.emails.email_message_send",
        # moved again when accounts became three apps
        "accounts.customers.tasks.maintenance_reminders_send",
        "accounts.customers.tasks.pending_photos_purge",
        "accounts.callbacks.tasks.callbacks_check",
    ):
        assert hasattr(import_string(path), "enqueue"), path
