"""Background work of the accounts app: the jobs the scheduler queues.

Its e-mails leave through ``portal.emails`` (and ``accounts.emails`` for a
customer's, logged on their record).
"""

from django_tasks import task

from accounts.customers.services.installation_photos import photos_pending_purge
from accounts.customers.services.reminders import reminders_send


@task()
def maintenance_reminders_send() -> dict:
    """The daily job: remind customers of what falls due, tell their installers,
    and clear photos of forms never saved. Safe to run again at any time."""
    run = reminders_send()
    return {
        "reminders_created": run.created,
        "customers_emailed": run.customers,
        "installers_emailed": run.installers,
        "failed": run.failed,
        "photos_purged": photos_pending_purge(),
    }


@task()
def pending_photos_purge() -> int:
    """Every hour: delete photos sent with installation forms never saved
    (older than a day). Safe to run again at any time."""
    return photos_pending_purge()
