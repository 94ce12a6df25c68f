"""Every refusal of an ordering service: a message fit for the person who asked."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ordering.catalogue.models import Product
from ordering.orders.models import Order

Status = Order.Status


class OrderingError(Exception):
    """An ordering action that cannot be done; the message says why."""


class NotAllowedError(OrderingError):
    pass


class EmptyCartError(OrderingError):
    pass


class ProductUnavailableError(OrderingError):
    pass


class PaymentMethodError(OrderingError):
    pass


@dataclass
class Shortage:
    product: Product
    requested: int
    available: int


class InsufficientStockError(OrderingError):
    """Some lines ask for more than is available; nothing was reserved."""

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(
            " ".join(
                _(
                    "Not enough stock of %(reference)s %(name)s: %(available)s "
                    "available, %(requested)s requested."
                )
                % {
                    "reference": s.product.reference,
                    "name": s.product.name,
                    "available": s.available,
                    "requested": s.requested,
                }
                for s in shortages
            )
        )


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


class ShipmentError(OrderingError):
    pass
