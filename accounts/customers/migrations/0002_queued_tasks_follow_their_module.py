"""The customers' tasks moved from ``accounts.tasks`` and ``accounts.emails`` to
``accounts.customers``: jobs already queued, or failed and waiting for a retry,
follow them."""

from django.db import migrations

from portal.migration_operations import queued_tasks_move

MOVED = {
    "accounts.emails.customer_email_send": (
        "accounts.customers.emails.customer_email_send"
    ),
    "accounts.tasks.maintenance_reminders_send": (
        "accounts.customers.tasks.maintenance_reminders_send"
    ),
    "accounts.tasks.pending_photos_purge": (
        "accounts.customers.tasks.pending_photos_purge"
    ),
}


def same_kwargs(path: str):
    return lambda kwargs: (path, kwargs)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_models_from_accounts"),
        ("accounts", "0011_email_tasks_in_portal"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        queued_tasks_move(
            {old: same_kwargs(new) for old, new in MOVED.items()},
            {new: same_kwargs(old) for old, new in MOVED.items()},
        )
    ]
