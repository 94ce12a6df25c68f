"""The card refund task moved from ``ordering.tasks`` to ``ordering.payments.tasks``:
refunds already queued, or failed and waiting for a retry, follow it."""

from django.db import migrations

from portal.migration_operations import queued_tasks_move

OLD = "ordering.payments.tasks.payment_refund_task"
NEW = "ordering.payments.tasks.payment_refund_task"


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_models_from_ordering"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        queued_tasks_move(
            {OLD: lambda kwargs: (NEW, kwargs)},
            {NEW: lambda kwargs: (OLD, kwargs)},
        )
    ]
