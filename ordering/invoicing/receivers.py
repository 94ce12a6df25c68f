"""What invoicing does when the rooms below announce something."""

from decimal import Decimal
from functools import partial

from django.db import transaction
from django.dispatch import receiver

from accounts.network.models import Organisation
from ordering.invoicing.models import Invoice
from ordering.invoicing.services import invoice_issue_for_shipment
from ordering.invoicing.services.credit import on_account_hold
from ordering.invoicing.signals import document_issued
from ordering.invoicing.tasks import invoice_transmit
from ordering.orders.models import Order
from ordering.orders.services import CreditHoldError
from ordering.orders.signals import order_on_account_placing
from ordering.shipping.models import Shipment
from ordering.shipping.signals import shipment_shipped


@receiver(shipment_shipped, sender=Shipment)
def invoice_the_shipment(sender, *, shipment: Shipment, by=None, **kwargs) -> None:
    """A reseller invoiced per shipment gets the invoice in the transaction
    that records the parcel: goods never leave unbilled."""
    invoice_issue_for_shipment(shipment=shipment, by=by)


@receiver(order_on_account_placing, sender=Order)
def refuse_beyond_credit(
    sender, *, organisation: Organisation, amount: Decimal, **kwargs
) -> None:
    """An order on account beyond the credit limit, or from a reseller late
    with an invoice, is refused before any stock is reserved.

    With a limit, the organisation's row stays locked until the order is
    placed: two orders at once are counted one after the other, so together
    they cannot pass a limit that each passes alone.
    """
    if organisation.credit_limit is not None:
        list(
            Organisation.objects.select_for_update()
            .filter(pk=organisation.pk)
            .values_list("pk", flat=True)
        )
    hold = on_account_hold(organisation, adding=amount)
    if hold is not None:
        raise CreditHoldError(hold.message)


@receiver(document_issued, sender=Invoice)
def transmit_the_document(sender, *, document: Invoice, **kwargs) -> None:
    """Every issued document goes to the e-invoicing platform, once its
    transaction has committed."""
    transaction.on_commit(partial(invoice_transmit.enqueue, invoice_id=document.pk))
