"""A manager finds the invitation e-mail that could not leave (SMTP down
through all its tries) in the Wagtail admin and sends it again."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import assert_no_serious_axe_violations, log_in, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def failed_email(transactional_db):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        args_kwargs={
            "args": [],
            "kwargs": {
                "template": "accounts/email/invitation",
                "to": ["nouveau.technicien@example.test"],
                "context": {"accept_url": "https://portail/secret"},
                "language": "fr",
            },
        },
        task_path="portal.emails.email_send",
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        worker_ids=[f"worker-{n}" for n in range(10)],
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback="Traceback (most recent call last):\n"
        "smtplib.SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_a_manager_sends_a_failed_invitation_again(page: Page, manager, failed_email):
    log_in(page, manager.email, PASSWORD)
    page.goto("/admin/")
    page.get_by_role("button", name="Paramètres").click()
    page.get_by_role("link", name="Tâches de fond").click()

    expect(page.get_by_role("heading", name="Tâches de fond")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="nouveau.technicien@example.test")
    expect(row).to_contain_text("invitation")
    expect(row).to_contain_text("10")
    expect(row).to_contain_text("SMTPServerDisconnected")
    expect(page.get_by_text("https://portail/secret")).to_have_count(0)
    assert_no_serious_axe_violations(page)
    screenshot(page, "admin-tasks-failed")

    row.get_by_role("button", name="Réessayer").click()
    expect(page.get_by_text("est de nouveau en file d’attente")).to_be_visible()
    expect(page.get_by_text("Aucune tâche en échec")).to_be_visible()
    failed_email.refresh_from_db()
    assert failed_email.status == TaskResultStatus.READY
