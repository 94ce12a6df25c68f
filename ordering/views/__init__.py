"""Stock, cart, checkout and the orders tab.

Views parse, call a service or selector, and render.
"""

from ordering.views.call_center import staff_customer_order
from ordering.views.cart import (
    cart,
    cart_add,
    cart_customer,
    cart_update,
    checkout,
    quick_order,
)
from ordering.views.orders import (
    order_cancel,
    order_detail,
    order_pay,
    order_reorder,
    orders,
    orders_export,
)
from ordering.views.statements import order_credit, statement, statement_csv
from ordering.views.stock import product, stock

__all__ = [
    "cart",
    "cart_add",
    "cart_customer",
    "cart_update",
    "checkout",
    "order_cancel",
    "order_credit",
    "order_detail",
    "order_pay",
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
