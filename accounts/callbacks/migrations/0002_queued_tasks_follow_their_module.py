"""The callback check moved from ``accounts.tasks`` to ``accounts.callbacks.tasks``:
a check already queued, or failed and waiting for a retry, follows it."""

from django.db import migrations

from portal.migration_operations import queued_tasks_move

OLD = "accounts.tasks.callbacks_check"
NEW = "accounts.callbacks.tasks.callbacks_check"


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0001_models_from_accounts"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        queued_tasks_move(
            {OLD: lambda kwargs: (NEW, kwargs)},
            {NEW: lambda kwargs: (OLD, kwargs)},
        )
    ]
