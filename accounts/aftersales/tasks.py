"""Background work of the after-sales room: the jobs the scheduler queues."""

from django_tasks import task

from accounts.aftersales.services.visit_photos import visit_photos_pending_purge


@task()
def pending_visit_photos_purge() -> int:
    """Every hour: delete photos sent with visit forms never recorded (older
    than a day). Safe to run again at any time."""
    return visit_photos_pending_purge()
