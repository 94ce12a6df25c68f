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
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_tasks import task

from portal.links import absolute_url


def email_render(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str,
    for_customer: bool = False,
) -> EmailMultiAlternatives:
    """The e-mail ``template`` renders for ``to``, in ``language``, in the
    portal's layout, ready to send."""
    with translation.override(language):
        context = {**context, **email_layout_context(for_customer)}
        subject = render_to_string(f"{template}_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = _text_render(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        return email_layout(
            subject=subject, text=text, html=html, to=to, context=context
        )


def email_layout(
    *, subject: str, text: str, html: str, to: list[str], context: dict | None = None
) -> EmailMultiAlternatives:
    """Every e-mail of the portal, its own or allauth's, in one branded frame:
    the portal's name (never the server's host name), the support contacts
    and the portal's address, in HTML and in plain text."""
    context = {**email_layout_context(False), **(context or {}), "subject": subject}
    framed_text = _text_render("email/layout.txt", {**context, "body": text.strip()})
    # ``html`` comes out of a template (or ``urlize``), escaped already.
    body = mark_safe(html)  # noqa: S308
    framed_html = render_to_string("email/layout.html", {**context, "body": body})
    message = EmailMultiAlternatives(subject, framed_text, to=to)
    message.attach_alternative(framed_html, "text/html")
    return message


def email_layout_context(for_customer: bool = False) -> dict:
    """What the layout shows around every e-mail."""
    portal_url = absolute_url("/")
    return {
        "portal_name": _("Customer space") if for_customer else _("Reseller portal"),
        "portal_url": portal_url,
        "portal_url_shown": portal_url.split("://", 1)[-1].rstrip("/"),
        "support_email": settings.PORTAL_SUPPORT_EMAIL,
        "support_phone": settings.PORTAL_SUPPORT_PHONE,
    }


def _text_render(template: str, context: dict) -> str:
    """A plain-text template, not HTML-escaped: "O'Neil" stays "O'Neil"."""
    return get_template(template).template.render(Context(context, autoescape=False))


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
