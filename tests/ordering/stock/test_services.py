"""What the database itself guarantees about stock."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from ordering.orders.models import Order
from ordering.stock.models import StockLevel
from ordering.stock.services import stock_adjust
from tests.ordering.factories import StockLevelFactory, WarehouseFactory
from tests.ordering.helpers import level_of

Status = Order.Status
ON_ACCOUNT = Order.PaymentMethod.ON_ACCOUNT
CARD = Order.PaymentMethod.CARD


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English; French is the site's default."""
    with translation.override("en"):
        yield


# --- Database guarantees ------------------------------------------------------


def test_the_database_refuses_to_reserve_more_than_is_on_hand(cartridge):
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(product=cartridge).update(reserved=F("on_hand") + 1)
    assert level_of(cartridge).reserved == 0


def test_the_database_refuses_negative_stock(cartridge):
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(product=cartridge).update(on_hand=-1)
    assert level_of(cartridge).on_hand == 10


# --- Back in stock --------------------------------------------------------------


def test_a_count_bringing_an_out_of_stock_product_back_stamps_it(cartridge):
    StockLevel.objects.filter(product=cartridge).update(on_hand=0)
    before = timezone.now()
    level = stock_adjust(stock_level=level_of(cartridge), on_hand=6)
    assert level.on_hand == 6
    assert before <= level.restocked_at <= timezone.now()


def test_a_count_of_a_product_still_in_stock_leaves_no_stamp(cartridge):
    level = stock_adjust(stock_level=level_of(cartridge), on_hand=30)
    assert level.restocked_at is None


def test_a_count_that_leaves_the_product_out_leaves_no_stamp(cartridge):
    StockLevel.objects.filter(product=cartridge).update(on_hand=0)
    assert stock_adjust(stock_level=level_of(cartridge), on_hand=0).restocked_at is None


def test_units_all_promised_to_orders_count_as_out_of_stock(cartridge):
    """10 on hand, 10 reserved: nothing to sell; 14 counted: 4 to sell."""
    StockLevel.objects.filter(product=cartridge).update(reserved=10)
    level = stock_adjust(stock_level=level_of(cartridge), on_hand=14)
    assert level.available == 4
    assert level.restocked_at is not None


def test_a_warehouse_refilled_while_another_had_stock_is_no_return(cartridge):
    other = WarehouseFactory(code="lille", name="Entrepôt de Lille", priority=2)
    StockLevelFactory(product=cartridge, warehouse=other, on_hand=0)
    level = stock_adjust(stock_level=level_of(cartridge, other), on_hand=5)
    assert level.restocked_at is None


def test_a_later_count_keeps_the_day_the_product_came_back(cartridge):
    StockLevel.objects.filter(product=cartridge).update(on_hand=0)
    back = stock_adjust(stock_level=level_of(cartridge), on_hand=6).restocked_at
    assert stock_adjust(stock_level=level_of(cartridge), on_hand=8).restocked_at == back
