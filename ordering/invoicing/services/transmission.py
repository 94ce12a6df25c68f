"""Sending an issued document to the approved e-invoicing platform, once."""

from django.db import transaction
from django.utils import timezone

from ordering.invoicing.downloads import PDF, XML, invoice_file
from ordering.invoicing.models import Invoice
from ordering.invoicing.platforms import einvoicing_platform


def invoice_transmit(*, invoice_id: int) -> str:
    """Send the document's PDF and XML to the platform and keep its reference.

    Sent once: the row is locked while it is sent, and a document already
    transmitted is left as it is (a second run, or a second worker, returns
    the reference). A platform error rolls back and the task tries again.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.transmitted_at is not None:
            return invoice.platform_reference
        reference = einvoicing_platform().send(
            invoice,
            pdf=invoice_file(invoice, kind=PDF).content,
            xml=invoice_file(invoice, kind=XML).content,
        )
        Invoice.objects.filter(pk=invoice.pk).update(
            transmitted_at=timezone.now(), platform_reference=reference[:100]
        )
    return reference
