"""Orders placed at the same moment, on real concurrent connections.

SQLite serialises every write of the whole database, so only PostgreSQL
shows whether the row locks of ``order_place`` really prevent overselling.
"""

from functools import partial

import pytest
from django.db.models import Sum

from accounts.network.models import Role
from ordering.orders import services
from ordering.orders.models import Order
from ordering.stock.models import StockLevel, StockReservation
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.concurrency import AT_ONCE, all_at_once
from tests.ordering.factories import placed_order, stocked

pytestmark = AT_ONCE


@pytest.fixture
def reseller():
    return OrganisationFactory(may_order_on_account=True)


def test_fifty_buyers_racing_for_ten_units_never_oversell(reseller):
    product = stocked(reference="FLT-100", on_hand=10)
    buyers = [
        MembershipFactory(organisation=reseller, role=Role.BUYER).user
        for _ in range(50)
    ]
    for buyer in buyers:
        services.cart_add(user=buyer, product=product, quantity=1)

    results = all_at_once(
        [
            partial(placed_order, buyer, key=f"form-{index}")
            for index, buyer in enumerate(buyers)
        ]
    )

    placed = [r for r in results if isinstance(r, Order)]
    short = [r for r in results if isinstance(r, services.InsufficientStockError)]
    others = [r for r in results if r not in placed and r not in short]
    assert others == []
    assert (len(placed), len(short)) == (10, 40)
    assert all("FLT-100" in str(error) for error in short)
    level = StockLevel.objects.get(product=product)
    assert (level.on_hand, level.reserved) == (10, 10)
    assert StockReservation.objects.aggregate(units=Sum("quantity"))["units"] == 10
    assert Order.objects.count() == 10
    assert len({order.number for order in placed}) == 10


def test_one_form_sent_five_times_at_once_places_one_order(reseller):
    product = stocked(reference="FLT-100", on_hand=10)
    buyer = MembershipFactory(organisation=reseller, role=Role.BUYER).user
    services.cart_add(user=buyer, product=product, quantity=3)

    results = all_at_once(
        [partial(placed_order, buyer, key="form-1") for _ in range(5)]
    )

    assert all(isinstance(r, Order) for r in results), results
    assert len({order.pk for order in results}) == 1
    assert Order.objects.count() == 1
    assert StockLevel.objects.get(product=product).reserved == 3


def test_receipts_placements_and_cancellations_at_once_keep_stock_exact(reseller):
    """Receipts lock the waiting orders, then the stock: racing with new
    back-orders and cancellations, nothing deadlocks, no unit is promised
    twice and a cancelled order is never served."""
    product = stocked(reference="FLT-100", on_hand=0)
    level = StockLevel.objects.get(product=product)
    buyers = [
        MembershipFactory(organisation=reseller, role=Role.BUYER).user for _ in range(8)
    ]
    waiting = [
        placed_order(
            buyer, [(product, 2)], key=f"early-{i}", shipping_preference="together"
        )
        for i, buyer in enumerate(buyers[:6])
    ]
    for buyer in buyers[6:]:
        services.cart_add(user=buyer, product=product, quantity=2)
    agent = buyers[0]  # cancels their own order; staff rights are not the point
    calls = [
        *(
            partial(
                services.stock_receipt_record, stock_level=level, quantity=3, by=None
            )
            for _ in range(4)
        ),
        *(
            partial(
                placed_order, buyer, key=f"late-{i}", shipping_preference="together"
            )
            for i, buyer in enumerate(buyers[6:])
        ),
        partial(services.order_cancel, order=waiting[0], by=agent),
    ]

    results = all_at_once(calls)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    level.refresh_from_db()
    held = StockReservation.objects.aggregate(units=Sum("quantity"))["units"] or 0
    assert (level.on_hand, level.reserved) == (12, held)
    assert level.reserved <= level.on_hand
    cancelled = Order.objects.get(pk=waiting[0].pk)
    assert cancelled.status == Order.Status.CANCELLED
    assert not StockReservation.objects.filter(order_line__order=cancelled).exists()
    for order in Order.objects.exclude(pk=cancelled.pk):
        line = order.lines.get()
        reserved = (
            StockReservation.objects.filter(order_line=line).aggregate(
                units=Sum("quantity")
            )["units"]
            or 0
        )
        assert reserved + line.quantity_backordered == line.quantity
