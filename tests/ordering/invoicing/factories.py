"""Invoices for tests, issued through the real services."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.network.models import Organisation, OrganisationAddress
from ordering.invoicing import services
from ordering.invoicing.models import Invoice
from ordering.orders.models import Order
from tests.ordering.factories import OrderFactory, ProductFactory, ShipmentFactory


def billing_address(organisation: Organisation) -> OrganisationAddress:
    return OrganisationAddress.objects.create(
        organisation=organisation,
        kind=OrganisationAddress.Kind.BILLING,
        line1="3 quai Saint-Vincent",
        postcode="69001",
        city="Lyon",
    )


def issued_invoice(
    organisation: Organisation,
    lines=None,
    *,
    issued: date | None = None,
    purchase_order_reference: str = "",
    **order_fields,
) -> Invoice:
    """An invoice issued by the real service for an order shipped in full.

    ``lines`` are (product, quantity) pairs; by default one cartridge at
    24.90 € excl. VAT, 20 % VAT.
    """
    if lines is None:
        lines = [(ProductFactory(unit_price=Decimal("24.90")), 1)]
    order = OrderFactory(
        organisation=organisation,
        lines=lines,
        status=Order.Status.SHIPPED,
        purchase_order_reference=purchase_order_reference,
        **order_fields,
    )
    shipment = ShipmentFactory(order=order)
    return services.invoice_issue_for_shipments(
        organisation=organisation,
        shipments=[shipment],
        issued=issued or timezone.localdate(),
    )
