"""What the database itself guarantees about stock."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation

from ordering.orders.models import Order
from ordering.stock.models import StockLevel
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
