"""Writes that matter for ordering: cart, order placement, life cycle, shipping.

Each refusal is an ``OrderingError`` subclass whose message is fit for the
person who asked. Callers use ``from ordering import services`` and the names
below; the modules split the work by subject.
"""

from ordering.services.attribution import (
    Credit,
    credit_fields,
    credit_for,
    order_credit_reassign,
)
from ordering.services.cart import (
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
from ordering.services.errors import (
    EmptyCartError,
    IllegalTransitionError,
    InsufficientStockError,
    NotAllowedError,
    OrderingError,
    PaymentMethodError,
    ProductUnavailableError,
    ShipmentError,
    Shortage,
)
from ordering.services.orders import (
    RESELLER_CANCELLABLE,
    TRANSITIONS,
    Delivery,
    order_cancel,
    order_cancellable_by,
    order_note,
    order_place,
    order_place_items,
    order_transition,
    stock_adjust,
    stock_reserve,
)
from ordering.services.shipping import (
    shipment_create,
    shipment_mark_delivered,
    tracking_event_record,
)
from ordering.services.web import (
    call_center_order_place,
    customer_order_place,
    customer_payment_methods,
)

__all__ = [
    "MAX_LINE_QUANTITY",
    "QUICK_ORDER_MAX_LINES",
    "RESELLER_CANCELLABLE",
    "TRANSITIONS",
    "Credit",
    "Delivery",
    "EmptyCartError",
    "IllegalTransitionError",
    "InsufficientStockError",
    "NotAllowedError",
    "OrderingError",
    "PaymentMethodError",
    "ProductUnavailableError",
    "QuickOrderError",
    "QuickOrderResult",
    "ReorderResult",
    "ShipmentError",
    "Shortage",
    "call_center_order_place",
    "cart_add",
    "cart_quick_order",
    "cart_reorder",
    "cart_set_organisation",
    "cart_set_quantity",
    "credit_fields",
    "credit_for",
    "customer_order_place",
    "customer_payment_methods",
    "order_cancel",
    "order_cancellable_by",
    "order_note",
    "order_credit_reassign",
    "order_place",
    "order_place_items",
    "order_transition",
    "shipment_create",
    "shipment_mark_delivered",
    "stock_adjust",
    "stock_reserve",
    "tracking_event_record",
]
