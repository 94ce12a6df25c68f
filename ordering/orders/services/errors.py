"""Refusals of the cart, checkout and the order life cycle; each message is fit
for the person who asked."""

from django.utils.translation import gettext as _

from ordering.errors import OrderingError
from ordering.orders.models import Order

Status = Order.Status


class EmptyCartError(OrderingError):
    pass


class ProductUnavailableError(OrderingError):
    pass


class PaymentMethodError(OrderingError):
    pass


class CreditHoldError(PaymentMethodError):
    """Ordering on account refused for what the organisation owes (beyond
    its credit limit, or an invoice long overdue); the message says what is
    owed and whom to call. Raised by a receiver of
    ``order_on_account_placing``; card payment stays open."""


class IllegalTransitionError(OrderingError):
    def __init__(self, order: Order, target: str):
        self.order, self.target = order, target
        super().__init__(
            _("Order %(number)s is %(current)s: it cannot become %(target)s.")
            % {
                "number": order.number,
                "current": order.get_status_display().lower(),
                "target": Status(target).label.lower(),
            }
        )


class BackorderWaitingError(OrderingError):
    """The buyer asked for the order in one parcel, and some units are not
    in stock yet."""

    def __init__(self, order: Order, waiting: list):
        self.order, self.waiting = order, waiting
        super().__init__(
            _(
                "Order %(number)s ships complete, as the buyer asked: "
                "%(waiting)s still wait for stock."
            )
            % {
                "number": order.number,
                "waiting": ", ".join(
                    f"{line.quantity_backordered} × {line.product_reference}"
                    for line in waiting
                ),
            }
        )
