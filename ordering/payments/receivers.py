"""What payments do when the order life cycle announces something."""

from django.dispatch import receiver

from ordering.orders.models import Order
from ordering.orders.signals import order_cancelled
from ordering.payments.models import Payment
from ordering.payments.tasks import payment_refund_after_commit


@receiver(order_cancelled, sender=Order)
def refund_paid_cards(sender, *, order: Order, **kwargs) -> None:
    """A cancelled order's card payments are refunded in full, after commit."""
    for payment in order.payments.filter(status=Payment.Status.SUCCEEDED):
        payment_refund_after_commit(payment)
