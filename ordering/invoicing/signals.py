"""What invoicing announces.

Sent with ``document``: an invoice or credit note just issued, inside the
issuing transaction. The receiver (``receivers``) queues its transmission to
the e-invoicing platform once the transaction commits, so a rolled-back
document is never sent.
"""

from django.dispatch import Signal

document_issued = Signal()
