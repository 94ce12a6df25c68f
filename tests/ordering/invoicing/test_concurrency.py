"""Invoices issued at the same moment, on real concurrent connections.

SQLite serialises every write of the whole database, so only PostgreSQL
shows whether the locked counter row really keeps numbers unique and
without gaps.
"""

from datetime import date
from functools import partial

from ordering.invoicing.models import Invoice
from ordering.invoicing.services import invoice_issue_for_shipments
from tests.accounts.factories import OrganisationFactory
from tests.concurrency import AT_ONCE, all_at_once
from tests.ordering.factories import OrderFactory, ShipmentFactory

pytestmark = AT_ONCE

ISSUED = date(2026, 6, 30)


def test_twenty_invoices_issued_at_once_take_twenty_consecutive_numbers():
    shipments = []
    for _ in range(20):
        organisation = OrganisationFactory()
        shipments.append(
            (
                organisation,
                ShipmentFactory(order=OrderFactory(organisation=organisation)),
            )
        )

    results = all_at_once(
        [
            partial(
                invoice_issue_for_shipments,
                organisation=organisation,
                shipments=[shipment],
                issued=ISSUED,
            )
            for organisation, shipment in shipments
        ]
    )

    assert all(isinstance(r, Invoice) for r in results), results
    numbers = sorted(r.number for r in results)
    assert numbers == [f"F-2026-{n:06d}" for n in range(1, 21)]
    assert Invoice.objects.count() == 20
