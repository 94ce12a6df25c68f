"""Background work of the portal itself: housekeeping the scheduler queues."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult


@task()
def task_results_prune() -> int:
    """Delete finished tasks older than PORTAL_TASK_RESULTS_KEEP_DAYS.

    Failed ones stay listed for staff (Administration, Failed tasks) until
    then; e-mail tasks carry addresses, which should not be kept for ever.
    """
    cutoff = timezone.now() - timedelta(days=settings.PORTAL_TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def scheduled_pages_publish() -> None:
    """Publish the pages and revisions whose go-live time has come, and
    unpublish the expired ones (Wagtail's own command)."""
    call_command("publish_scheduled", verbosity=0)
