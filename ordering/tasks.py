"""Background work of ordering: calls to Stripe that follow a commit."""

from django_tasks import task


@task()
def payment_refund_task(*, payment_id: int) -> None:
    """Refund a card payment of a cancelled order."""
    from ordering.payments.stripe import payment_refund

    payment_refund(payment_id=payment_id)
