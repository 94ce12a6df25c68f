"""Background work of payments: refunds, which call Stripe after a commit."""

from functools import partial

from django.db import transaction
from django.utils.translation import gettext_noop
from django_tasks import task

from ordering.orders import services as order_services
from ordering.payments.client import stripe_client
from ordering.payments.models import Payment


def payment_refund(*, payment_id: int) -> None:
    """Refund a succeeded card payment in full; safe to run twice."""
    payment = Payment.objects.select_related("order").get(pk=payment_id)
    if payment.status != Payment.Status.SUCCEEDED:
        return
    refund = stripe_client().v1.refunds.create(
        params={"payment_intent": payment.payment_intent_id},
        options={"idempotency_key": f"refund-{payment.pk}"},
    )
    updated = Payment.objects.filter(
        pk=payment.pk, status=Payment.Status.SUCCEEDED
    ).update(status=Payment.Status.REFUNDED, refund_id=refund.id)
    if updated:
        order_services.order_note(
            order=payment.order, note=gettext_noop("Card payment refunded")
        )


@task()
def payment_refund_task(*, payment_id: int) -> None:
    """Refund a card payment of a cancelled order."""
    payment_refund(payment_id=payment_id)


def payment_refund_after_commit(payment: Payment) -> None:
    """Queue the refund once the cancelling transaction has committed."""
    transaction.on_commit(partial(payment_refund_task.enqueue, payment_id=payment.pk))
