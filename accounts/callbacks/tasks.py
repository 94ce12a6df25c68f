"""Background work of the callbacks app: the job the scheduler queues."""

from django_tasks import task

from accounts.callbacks.services import callback_reminders_send, callbacks_mark_missed


@task()
def callbacks_check() -> dict:
    """Every few minutes: remind owners of callbacks due soon, then mark the
    ones past due as missed. Safe to run again at any time."""
    return {
        "owners_reminded": callback_reminders_send(),
        "marked_missed": callbacks_mark_missed(),
    }
