"""Writes of the orders room: cart, checkout and order placement, the life
cycle, web and call-center orders, channel attribution.

Each refusal is an ``OrderingError`` subclass whose message is fit for the
person who asked; the ones raised below (stock, the base classes) are named
here too, so a view catches them all from ``ordering.orders.services``.
"""

from ordering.errors import NotAllowedError, OrderingError
from ordering.orders.services.attribution import (
    Credit,
    credit_fields,
    credit_for,
    order_credit_reassign,
)
from ordering.orders.services.backorders import (
    Receipt,
    backorders_waiting,
    stock_receipt_record,
)
from ordering.orders.services.cart import (
    MAX_LINE_QUANTITY,
    QUICK_ORDER_MAX_LINES,
    QuickOrderError,
    QuickOrderResult,
    ReorderResult,
    cart_add,
    cart_quick_order,
    cart_reorder,
    cart_set_organisation,
    cart_set_quantity,
)
from ordering.orders.services.errors import (
    BackorderWaitingError,
    CreditHoldError,
    EmptyCartError,
    IllegalTransitionError,
    PaymentMethodError,
    ProductUnavailableError,
)
from ordering.orders.services.lifecycle import (
    RESELLER_CANCELLABLE,
    TRANSITIONS,
    ensure_complete_if_together,
    order_cancel,
    order_cancellable_by,
    order_lock,
    order_note,
    order_status_set,
    order_transition,
)
from ordering.orders.services.methods import (
    card_payments_enabled,
    customer_payment_methods,
    payment_methods_for,
)
from ordering.orders.services.placement import order_place, order_place_items
from ordering.orders.services.rows import Delivery
from ordering.orders.services.summary import (
    SalesKey,
    sale_of,
    sales_keys,
    sales_summary_count,
)
from ordering.orders.services.summary_repair import (
    sales_summary_rebuild,
    sales_summary_refresh,
)
from ordering.orders.services.web import (
    call_center_order_place,
    customer_order_place,
    customer_quote,
)
from ordering.stock.services import InsufficientStockError, Shortage

__all__ = [
    "MAX_LINE_QUANTITY",
    "QUICK_ORDER_MAX_LINES",
    "RESELLER_CANCELLABLE",
    "TRANSITIONS",
    "BackorderWaitingError",
    "Credit",
    "Delivery",
    "EmptyCartError",
    "IllegalTransitionError",
    "InsufficientStockError",
    "NotAllowedError",
    "OrderingError",
    "CreditHoldError",
    "PaymentMethodError",
    "ProductUnavailableError",
    "QuickOrderError",
    "QuickOrderResult",
    "Receipt",
    "SalesKey",
    "ReorderResult",
    "Shortage",
    "backorders_waiting",
    "call_center_order_place",
    "card_payments_enabled",
    "cart_add",
    "cart_quick_order",
    "cart_reorder",
    "cart_set_organisation",
    "cart_set_quantity",
    "credit_fields",
    "credit_for",
    "customer_order_place",
    "customer_payment_methods",
    "customer_quote",
    "ensure_complete_if_together",
    "order_cancel",
    "order_cancellable_by",
    "order_credit_reassign",
    "order_lock",
    "order_note",
    "order_place",
    "order_place_items",
    "order_status_set",
    "order_transition",
    "payment_methods_for",
    "sale_of",
    "sales_keys",
    "sales_summary_count",
    "sales_summary_rebuild",
    "sales_summary_refresh",
    "stock_receipt_record",
]
