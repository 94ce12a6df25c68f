"""The e-mail tasks moved from ``accounts.tasks`` to ``portal.emails`` (every
app sends through it) and ``accounts.emails`` (a customer's e-mail, logged on
their record): e-mails already queued, or failed and waiting for a retry,
follow them."""

from django.db import migrations

from portal.migration_operations import queued_tasks_move


def email_forwards(kwargs: dict) -> tuple[str, dict]:
    if kwargs.get("customer_id") is not None:
        return "accounts.emails.customer_email_send", kwargs
    kwargs.pop("customer_id", None)
    return "portal.emails.email_send", kwargs


def same_kwargs(path: str):
    return lambda kwargs: (path, kwargs)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_customer_link"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        queued_tasks_move(
            {
                "accounts.tasks.email_send": email_forwards,
                "accounts.tasks.email_message_send": same_kwargs(
                    "portal.emails.email_message_send"
                ),
            },
            {
                "portal.emails.email_send": same_kwargs("accounts.tasks.email_send"),
                "accounts.emails.customer_email_send": same_kwargs(
                    "accounts.tasks.email_send"
                ),
                "portal.emails.email_message_send": same_kwargs(
                    "accounts.tasks.email_message_send"
                ),
            },
        )
    ]
