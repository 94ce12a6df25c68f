"""Background work of the after-sales room: the safety notices' e-mails and
the jobs the scheduler queues (``portal.schedule``)."""

from datetime import datetime

from django_tasks import task

from accounts.aftersales.notices.services import (
    notice_emails_send,
    notice_reminders_send,
)
from accounts.aftersales.services.visit_photos import visit_photos_pending_purge


@task()
def pending_visit_photos_purge() -> int:
    """Every hour: delete photos sent with visit forms never recorded (older
    than a day). Safe to run again at any time."""
    return visit_photos_pending_purge()


@task()
def safety_notice_emails_send(*, notice_id: int, notified_at: str) -> dict:
    """Tell the installers and consenting customers of the units just notified."""
    return notice_emails_send(
        notice_id=notice_id, notified_at=datetime.fromisoformat(notified_at)
    )


@task()
def safety_notice_reminders_send() -> int:
    """The daily job: remind installers of units past due, once per unit notice.
    Safe to run again at any time."""
    return notice_reminders_send()
