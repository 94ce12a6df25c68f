"""Background work of the accounts app: emails leave after the commit."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from portal.worker import once_the_database_answers


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

        # Sent is sent: a database gone at this instant must not make the
        # worker try the task (and send the e-mail) again.
        once_the_database_answers(
            lambda: CustomerEmail.objects.create(
                customer_id=customer_id,
                template=template.rsplit("/", 1)[-1],
                subject=subject,
                sent_at=timezone.now(),
            )
        )


@task()
def email_message_send(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    alternatives: list[tuple[str, str]],
    headers: dict[str, str],
    content_subtype: str = "plain",
) -> None:
    """Send an e-mail rendered elsewhere (allauth's login codes, password
    resets, security notices): the request queued it, the worker sends it,
    and an SMTP outage delays it instead of failing the page."""
    message = EmailMultiAlternatives(
        subject, body, from_email=from_email, to=to, headers=headers
    )
    message.content_subtype = content_subtype
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.send()


def email_message_queue(message: EmailMessage) -> None:
    """Queue an e-mail already rendered. With the database task backend the
    queued row belongs to the current transaction: it leaves if, and only
    if, what it tells about is committed."""
    email_message_send.enqueue(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        alternatives=[
            (content, mimetype)
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        headers=dict(message.extra_headers),
        content_subtype=message.content_subtype,
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
def pending_photos_purge() -> int:
    """Every hour: delete photos sent with installation forms never saved
    (older than a day). Safe to run again at any time."""
    from .services import photos_pending_purge

    return photos_pending_purge()


@task()
def callbacks_check() -> dict:
    """Every few minutes: remind owners of callbacks due soon, then mark the
    ones past due as missed. Safe to run again at any time."""
    from .services import callback_reminders_send, callbacks_mark_missed

    return {
        "owners_reminded": callback_reminders_send(),
        "marked_missed": callbacks_mark_missed(),
    }
