"""Invoices issued at the same moment, on real concurrent connections.

SQLite serialises every write of the whole database, so only PostgreSQL
shows whether the locked counter row really keeps numbers unique and
without gaps.
"""

import threading
from collections.abc import Callable
from datetime import date
from functools import partial

import pytest
from django.db import connection

from ordering.invoicing.models import Invoice
from ordering.invoicing.services import invoice_issue_for_shipments
from tests.accounts.factories import OrganisationFactory
from tests.ordering.factories import OrderFactory, ShipmentFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises all writes, nothing runs at once",
    ),
    pytest.mark.django_db(transaction=True),
]

ISSUED = date(2026, 6, 30)


def _all_at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # the test looks at what each call raised
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


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

    results = _all_at_once(
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
