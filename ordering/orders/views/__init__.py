"""Stock, cart, checkout and the orders tab.

Views parse, call a service or selector, and render.
"""

from ordering.orders.views.call_center import staff_customer_order
from ordering.orders.views.cart import (
    cart,
    cart_add,
    cart_customer,
    cart_update,
    checkout,
    quick_order,
)
from ordering.orders.views.orders import (
    order_cancel,
    order_detail,
    order_reorder,
    orders,
    orders_export,
)
from ordering.orders.views.statements import order_credit, statement, statement_csv
from ordering.orders.views.stock import product, stock

__all__ = [
    "cart",
    "cart_add",
    "cart_customer",
    "cart_update",
    "checkout",
    "order_cancel",
    "order_credit",
    "order_detail",
    "order_reorder",
    "orders",
    "orders_export",
    "product",
    "quick_order",
    "staff_customer_order",
    "statement",
    "statement_csv",
    "stock",
]
