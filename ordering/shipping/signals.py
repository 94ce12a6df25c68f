"""What shipping announces to the rooms above it.

Invoicing sits above shipping (an invoice names the shipments it bills), so
recording a shipment cannot call it; it announces the parcel instead, inside
the transaction that records it, and ``ordering.invoicing`` issues the
invoice in that same transaction.
"""

from django.dispatch import Signal

# Sent with ``shipment`` (its lines saved) and ``by`` (who recorded it).
shipment_shipped = Signal()
