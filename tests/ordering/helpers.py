"""Helpers shared by the ordering rooms' service tests."""

from ordering.orders.models import CartLine, Order
from ordering.stock.models import StockLevel
from tests.ordering.factories import placed_order


def order_in(status, user, product):
    """An order that reached ``status``, its stock still reserved."""
    order = placed_order(user, [(product, 3)])
    Order.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def level_of(product, warehouse=None):
    levels = StockLevel.objects.filter(product=product)
    if warehouse is not None:
        levels = levels.filter(warehouse=warehouse)
    return levels.get()


def cart_quantities(user):
    return {
        line.product.reference: line.quantity
        for line in CartLine.objects.filter(cart__user=user).select_related("product")
    }


def timeline_statuses(order):
    return list(order.events.values_list("status", flat=True))
