"""The seam through which invoicing refuses an order on account.

Orders sit below invoicing (``pyproject.toml``, import layers): they cannot
ask what an organisation owes. They announce the order instead
(``ordering.orders.signals.order_on_account_placing``), inside the placing
transaction and before any stock is reserved; invoicing's receiver raises
``CreditHoldError`` when the organisation is beyond its credit limit or late
with an invoice, and the whole placement rolls back (the cart is kept).
"""

from decimal import Decimal

from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.orders.models import Order
from ordering.orders.services.errors import CreditHoldError
from ordering.orders.signals import order_on_account_placing


def credit_hold_check(
    *, user: User, organisation: Organisation, amount: Decimal, override: str
) -> str:
    """Ask the rooms above whether this order on account may go ahead (see
    ``order_on_account_placing``). Returns the hold's message when a manager
    lifts it with a reason (for the audit log), "" when nothing held it;
    raises ``CreditHoldError`` otherwise."""
    try:
        order_on_account_placing.send(
            sender=Order, organisation=organisation, amount=amount, user=user
        )
    except CreditHoldError as hold:
        if override and may(user, "orders.override_credit_hold"):
            return str(hold)
        raise
    return ""
