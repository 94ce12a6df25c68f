"""The order factories keep the invariants the database and the service keep:
other tests build on them and would test nonsense otherwise."""

import re
from decimal import Decimal

import pytest

from ordering.orders.models import Order
from ordering.stock.models import StockLevel
from tests.ordering.factories import (
    OrderFactory,
    ProductFactory,
    ShipmentFactory,
    placed_order,
    stocked,
)

pytestmark = pytest.mark.django_db


def test_an_order_s_lines_add_up_to_its_totals_with_vat_rounded_per_rate():
    cartridge = ProductFactory(unit_price=Decimal("24.90"), vat_rate=Decimal("20"))
    manual = ProductFactory(unit_price=Decimal("12.35"), vat_rate=Decimal("5.5"))

    order = OrderFactory(lines=[(cartridge, 3), (manual, 1)])

    order.refresh_from_db()
    assert order.total_excl_vat == Decimal("87.05")  # 74.70 + 12.35
    assert order.total_vat == Decimal("15.62")  # 14.94 + 0.68
    assert order.total_incl_vat == Decimal("102.67")
    assert sum(line.total_excl_vat for line in order.lines.all()) == Decimal("87.05")


def test_an_order_given_only_totals_gets_one_line_worth_them():
    order = OrderFactory(total_excl_vat=Decimal("100.00"), total_vat=Decimal("0"))

    (line,) = order.lines.all()
    assert line.total_excl_vat == Decimal("100.00")
    assert line.vat_rate == Decimal("0")
    assert order.total_incl_vat == Decimal("100.00")


def test_an_order_is_numbered_like_the_service_numbers_it():
    order = OrderFactory()

    assert re.fullmatch(rf"OXY-\d{{4}}-{order.pk:06d}", order.number)
    assert OrderFactory(number="OXY-2026-000042").number == "OXY-2026-000042"


def test_a_shipment_carries_every_unit_still_to_ship():
    shipment = ShipmentFactory(order__lines=[(ProductFactory(), 2)])

    (line,) = shipment.order.lines.all()
    assert line.quantity_shipped == 2
    assert [(s.order_line, s.quantity) for s in shipment.lines.all()] == [(line, 2)]
    assert shipment.order.status == Order.Status.SHIPPED


def test_a_placed_order_reserves_its_stock_through_the_service(buyer, on_account):
    product = stocked(on_hand=10)

    order = placed_order(buyer, [(product, 3)])

    assert order.status == Order.Status.CONFIRMED
    assert order.lines.get().quantity == 3
    assert StockLevel.objects.get(product=product).reserved == 3


@pytest.fixture
def on_account(organisation):
    organisation.may_order_on_account = True
    organisation.save()
    return organisation
