"""What the order life cycle announces to the rooms above it.

Orders sit below payments (a payment belongs to an order), so cancelling
cannot call the payments app; it announces the cancellation instead, and
``ordering.payments`` refunds a paid card when it hears it. Sent inside the
cancelling transaction; receivers defer anything that leaves the database to
``transaction.on_commit``.
"""

from django.dispatch import Signal

# Sent with ``order``: the order just cancelled (its stock already released).
order_cancelled = Signal()

# Sent while an order on account is placed, inside the placing transaction and
# before any stock is reserved, with ``organisation`` (whom the order is for)
# and ``amount`` (its total incl. VAT). Orders sit below invoicing, which knows
# what an organisation owes: its receiver raises ``CreditHoldError`` to refuse
# the order (``ordering.invoicing.receivers``). The placement turns a staff
# override with a reason into an audit entry instead.
order_on_account_placing = Signal()
