"""E-mails to an end customer: sent like every other (``portal.emails``) and
logged on the customer's record, so staff see on the customer's timeline what
they were told and when."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.customers.models import CustomerEmail
from portal.emails import current_language, email_render
from portal.worker import once_the_database_answers


@task()
def customer_email_send(
    *, customer_id: int, template: str, to: list[str], context: dict, language: str
) -> None:
    """Render ``template``, send it to the customer and log it on their record."""
    message = email_render(
        template=template, to=to, context=context, language=language, for_customer=True
    )
    message.send()
    # Sent is sent: a database gone at this instant must not make the worker
    # try the task (and send the e-mail) again.
    once_the_database_answers(
        lambda: CustomerEmail.objects.create(
            customer_id=customer_id,
            template=template.rsplit("/", 1)[-1],
            subject=message.subject,
            sent_at=timezone.now(),
        )
    )


def customer_email_send_after_commit(
    *, customer_id: int, template: str, to: list[str], context: dict
) -> None:
    """Queue the customer's e-mail once the surrounding transaction commits."""
    transaction.on_commit(
        partial(
            customer_email_send.enqueue,
            customer_id=customer_id,
            template=template,
            to=to,
            context=context,
            language=current_language(),
        )
    )
