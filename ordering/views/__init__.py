"""Stock, cart, checkout and the orders tab.

Views parse, call a service or selector, and render.
"""

from .cart import cart, cart_add, cart_customer, cart_update, checkout, quick_order
from .orders import (
    order_cancel,
    order_detail,
    order_pay,
    order_reorder,
    orders,
    orders_export,
)
from .stock import product, stock

__all__ = [
    "cart",
    "cart_add",
    "cart_customer",
    "cart_update",
    "checkout",
    "order_cancel",
    "order_detail",
    "order_pay",
    "order_reorder",
    "orders",
    "orders_export",
    "product",
    "quick_order",
    "stock",
]
