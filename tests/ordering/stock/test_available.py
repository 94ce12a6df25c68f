"""The units available per product, kept by the database on the product, and
the managers' stock alerts read from it: the same as summing every stock
level, whatever wrote the levels."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce

from ordering.catalogue.models import Product
from ordering.stock.models import StockLevel
from ordering.stock.services import stock_adjust, stock_receive, stock_update
from ordering.stock.triggers import stock_triggers_create, stock_triggers_drop
from portal.dashboards.selectors import stock_alerts
from tests.ordering.factories import (
    ProductFactory,
    StockLevelFactory,
    WarehouseFactory,
    placed_order,
    stocked,
)

TODAY = date(2026, 10, 15)


def summed() -> dict[str, int]:
    """Each product's available units as the stock levels add up, live."""
    return dict(
        Product.objects.annotate(
            live=Coalesce(
                Sum(F("stock_levels__on_hand") - F("stock_levels__reserved")),
                Value(0),
                output_field=IntegerField(),
            )
        ).values_list("reference", "live")
    )


def kept() -> dict[str, int]:
    return dict(Product.objects.values_list("reference", "stock_available"))


def live_alerts() -> tuple[int, int, list[tuple[str, int]]]:
    """The alerts as the dashboard summed them before: out, low, the order."""
    live = summed()
    short = sorted(
        (available, p.reference)
        for p in Product.objects.filter(is_active=True)
        if (available := live[p.reference]) <= p.low_stock_threshold
    )
    out = sum(1 for available, _ in short if available <= 0)
    return out, len(short) - out, [(ref, available) for available, ref in short]


def level_of(product: Product) -> StockLevel:
    """The product's level in the Lyon warehouse (the first served)."""
    return StockLevel.objects.get(product=product, warehouse__code="lyon")


def shown(alerts) -> tuple[int, int, list[tuple[str, int]]]:
    return (
        alerts.out,
        alerts.low,
        [(a.product.reference, a.available) for a in alerts.shown],
    )


@pytest.fixture
def shelf(db):
    """Two warehouses; products from plenty to none, one with no level at all."""
    lyon = WarehouseFactory()
    paris = WarehouseFactory(code="paris", name="Entrepôt de Paris", priority=2)
    plenty = stocked(ProductFactory(reference="PLENTY"), on_hand=50)
    StockLevelFactory(product=plenty, warehouse=paris, on_hand=20, reserved=5)
    low = stocked(ProductFactory(reference="LOW"), on_hand=3)
    StockLevelFactory(product=low, warehouse=paris, on_hand=1)
    stocked(ProductFactory(reference="OUT"), on_hand=0)
    ProductFactory(reference="NONE")
    stocked(ProductFactory(reference="GONE", is_active=False), on_hand=0)
    return {"lyon": lyon, "paris": paris, "plenty": plenty, "low": low}


def test_the_kept_total_is_the_sum_of_the_levels_after_every_kind_of_write(
    shelf, buyer, on_account
):
    assert kept() == summed()
    placed_order(buyer, [(shelf["plenty"], 30)])  # a reservation
    assert kept()["PLENTY"] == 35
    stock_update(reserved={}, on_hand={level_of(shelf["low"]).pk: 4})
    stock_receive(stock_level=level_of(shelf["low"]), quantity=2, waiting=[])
    stock_adjust(stock_level=level_of(shelf["plenty"]), on_hand=40)
    StockLevel.objects.filter(product__reference="OUT").update(on_hand=F("on_hand") + 1)
    edited = StockLevel.objects.get(product=shelf["low"], warehouse=shelf["paris"])
    edited.on_hand = 0
    edited.save()  # as the admin's stock form saves
    StockLevel.objects.filter(
        product=shelf["plenty"], warehouse=shelf["paris"]
    ).delete()
    moved = level_of(shelf["low"])
    moved.product = Product.objects.get(reference="NONE")
    moved.save()

    assert kept() == summed()
    assert kept() == {"PLENTY": 10, "LOW": 0, "OUT": 1, "NONE": 9, "GONE": 0}


def test_the_alerts_are_those_of_the_summed_levels(shelf, buyer, on_account):
    assert shown(stock_alerts(today=TODAY)) == live_alerts()
    placed_order(buyer, [(shelf["plenty"], 60)])
    stock_receive(stock_level=level_of(shelf["low"]), quantity=1, waiting=[])
    Product.objects.filter(reference="PLENTY").update(low_stock_threshold=12)

    assert shown(stock_alerts(today=TODAY)) == live_alerts()
    assert shown(stock_alerts(today=TODAY)) == (
        2,
        2,
        [("NONE", 0), ("OUT", 0), ("LOW", 5), ("PLENTY", 5)],
    )


def test_the_alerts_give_the_next_restock_in_two_queries(
    shelf, django_assert_num_queries
):
    level = level_of(shelf["low"])
    level.restock_date = TODAY + timedelta(days=3)
    level.save()

    with django_assert_num_queries(2):
        alerts = stock_alerts(today=TODAY)

    assert [(a.product.reference, a.next_restock) for a in alerts.shown] == [
        ("NONE", None),
        ("OUT", None),
        ("LOW", TODAY + timedelta(days=3)),
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_the_alerts_read_the_index_of_the_short_products(shelf):
    products = Product.objects.filter(
        is_active=True, stock_available__lte=F("low_stock_threshold")
    ).order_by("stock_available", "reference")

    assert "product_stock_short_idx" in products.explain()


class SQL:
    """What the trigger functions use of a schema editor (SQLite refuses
    one inside the test's transaction)."""

    connection = connection

    def execute(self, sql: str, params=None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_triggers_dropped_for_a_table_rebuild_and_created_again_catch_up(shelf):
    """The recipe for a migration that rebuilds the product or stock level
    table on SQLite (``ordering.stock.triggers``): writes made meanwhile are
    summed again when the triggers come back."""
    stock_triggers_drop(None, SQL())
    StockLevel.objects.filter(product=shelf["plenty"]).update(on_hand=F("on_hand") + 7)
    assert kept() != summed()

    stock_triggers_create(None, SQL())
    stock_triggers_create(None, SQL())  # twice: no error, no double count
    assert kept() == summed()
    StockLevel.objects.filter(product=shelf["plenty"]).update(on_hand=F("on_hand") + 1)
    assert kept() == summed()
