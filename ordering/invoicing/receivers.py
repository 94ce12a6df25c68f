"""What invoicing does when shipping announces a parcel."""

from django.dispatch import receiver

from ordering.invoicing.services import invoice_issue_for_shipment
from ordering.shipping.models import Shipment
from ordering.shipping.signals import shipment_shipped


@receiver(shipment_shipped, sender=Shipment)
def invoice_the_shipment(sender, *, shipment: Shipment, by=None, **kwargs) -> None:
    """A reseller invoiced per shipment gets the invoice in the transaction
    that records the parcel: goods never leave unbilled."""
    invoice_issue_for_shipment(shipment=shipment, by=by)
