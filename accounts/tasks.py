"""Background work of the accounts app: emails leave after the commit."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task


@task()
def email_send(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str,
    customer_id: int | None = None,
) -> None:
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` and send them.

    An email to a customer is logged on their record (``customer_id``): staff
    see on the customer's timeline what they were told and when.
    """
    with translation.override(language):
        context = {**context, "support_email": settings.PORTAL_SUPPORT_EMAIL}
        subject = render_to_string(f"{template}_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()
    if customer_id is not None:
        from .models import CustomerEmail

        CustomerEmail.objects.create(
            customer_id=customer_id,
            template=template.rsplit("/", 1)[-1],
            subject=subject,
            sent_at=timezone.now(),
        )


def email_send_after_commit(
    *, template: str, to: list[str], context: dict, customer_id: int | None = None
) -> None:
    """Queue the email once the surrounding transaction commits, in the
    language of the person whose action sends it."""
    transaction.on_commit(
        partial(
            email_send.enqueue,
            template=template,
            to=to,
            context=context,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            customer_id=customer_id,
        )
    )


@task()
def maintenance_reminders_send() -> dict:
    """The daily job: remind customers of what falls due, tell their installers,
    and clear photos of forms never saved. Safe to run again at any time."""
    from .services import photos_pending_purge, reminders_send

    run = reminders_send()
    return {
        "reminders_created": run.created,
        "customers_emailed": run.customers,
        "installers_emailed": run.installers,
        "failed": run.failed,
        "photos_purged": photos_pending_purge(),
    }


@task()
def callbacks_check() -> dict:
    """Every few minutes: remind owners of callbacks due soon, then mark the
    ones past due as missed. Safe to run again at any time."""
    from .services import callback_reminders_send, callbacks_mark_missed

    return {
        "owners_reminded": callback_reminders_send(),
        "marked_missed": callbacks_mark_missed(),
    }
