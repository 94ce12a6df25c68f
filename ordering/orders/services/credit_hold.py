"""The seam through which invoicing refuses an order on account.

Orders sit below invoicing (``pyproject.toml``, import layers): they cannot
ask what an organisation owes. They announce the order instead
(``ordering.orders.signals.order_on_account_placing``), inside the placing
transaction and before any stock is reserved; invoicing's receiver raises
``CreditHoldError`` when the organisation is beyond its credit limit or late
with an invoice, and the whole placement rolls back (the cart is kept).
"""

from dataclasses import dataclass
from decimal import Decimal

from accounts.customers.models import AuditEntry
from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.orders.models import Order
from ordering.orders.services.errors import CreditHoldError
from ordering.orders.signals import order_on_account_placing


@dataclass(frozen=True)
class CreditHold:
    """A hold a manager lifted: what it said, and why it was lifted."""

    message: str
    reason: str


def credit_hold_check(
    *,
    user: User,
    organisation: Organisation | None,
    payment_method: str,
    amount: Decimal,
    override: str,
) -> CreditHold | None:
    """Ask the rooms above whether this order on account may go ahead (see
    ``order_on_account_placing``). None when nothing holds it (or it is not
    on account); the hold when a manager lifts it with a reason (for the
    audit log); raises ``CreditHoldError`` otherwise."""
    if payment_method != Order.PaymentMethod.ON_ACCOUNT or organisation is None:
        return None
    try:
        order_on_account_placing.send(
            sender=Order, organisation=organisation, amount=amount, user=user
        )
    except CreditHoldError as hold:
        if override and may(user, "orders.override_credit_hold"):
            return CreditHold(message=str(hold), reason=override)
        raise
    return None


def credit_hold_lifted_audit(
    *, order: Order, user: User, hold: CreditHold | None
) -> None:
    """The audit entry of an order placed on account despite a hold."""
    if hold is None:
        return
    AuditEntry.objects.create(
        action=AuditEntry.Action.CREDIT_HOLD_LIFTED,
        actor=user,
        order=order,
        subject=f"{order.number} · {order.organisation}"[:200],
        reason=f"{hold.reason}\n\n{hold.message}",
    )
