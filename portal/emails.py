"""The portal's e-mails: one way to render them, one queue they leave through.

Every app sends through here. A template named ``<app>/email/<name>`` has three
files: ``<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``. An e-mail is
queued as a task: the worker sends it and tries again while SMTP is down
(``portal.worker``), so no page fails or loses an e-mail it promised. Links in
e-mails come from ``portal.links.absolute_url``.
"""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


def email_render(
    *, template: str, to: list[str], context: dict, language: str
) -> EmailMultiAlternatives:
    """The e-mail ``template`` renders for ``to``, in ``language``, ready to send."""
    with translation.override(language):
        context = {**context, "support_email": settings.PORTAL_SUPPORT_EMAIL}
        subject = render_to_string(f"{template}_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to)
    message.attach_alternative(html, "text/html")
    return message


@task()
def email_send(*, template: str, to: list[str], context: dict, language: str) -> None:
    """Render ``template`` and send it."""
    email_render(template=template, to=to, context=context, language=language).send()


def current_language() -> str:
    """The language of the person whose action sends an e-mail."""
    return translation.get_language() or settings.LANGUAGE_CODE


def email_send_after_commit(*, template: str, to: list[str], context: dict) -> None:
    """Queue the e-mail once the surrounding transaction commits, in the
    language of the person whose action sends it."""
    transaction.on_commit(
        partial(
            email_send.enqueue,
            template=template,
            to=to,
            context=context,
            language=current_language(),
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
