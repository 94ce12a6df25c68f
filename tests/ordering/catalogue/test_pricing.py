"""Prices: catalogue, price lists, specific prices and VAT to the cent."""

from decimal import Decimal

import pytest
from django.utils import translation

from ordering.orders import selectors, services
from ordering.orders.models import Order
from tests.ordering.factories import (
    PriceListEntryFactory,
    PriceListFactory,
    ProductFactory,
    placed_order,
    stocked,
)

Status = Order.Status
ON_ACCOUNT = Order.PaymentMethod.ON_ACCOUNT
CARD = Order.PaymentMethod.CARD


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English; French is the site's default."""
    with translation.override("en"):
        yield


# --- Prices -------------------------------------------------------------------


def test_without_a_price_list_the_catalogue_price_applies(buyer):
    product = ProductFactory(unit_price=Decimal("24.90"))
    services.cart_add(user=buyer, product=product, quantity=2)
    quote = selectors.cart_quote(selectors.cart_of(buyer))
    assert quote.lines[0].unit_price == Decimal("24.90")
    assert quote.total_excl_vat == Decimal("49.80")


def test_the_price_list_discount_applies_rounded_half_up(buyer, organisation):
    organisation.price_list = PriceListFactory(discount_percent=Decimal("15.00"))
    organisation.save()
    product = ProductFactory(unit_price=Decimal("24.90"))
    services.cart_add(user=buyer, product=product, quantity=3)
    quote = selectors.cart_quote(selectors.cart_of(buyer))
    assert quote.lines[0].unit_price == Decimal("21.17")  # 21.165
    assert quote.total_excl_vat == Decimal("63.51")


def test_a_specific_price_wins_over_the_discount(buyer, organisation):
    price_list = PriceListFactory(discount_percent=Decimal("10.00"))
    organisation.price_list = price_list
    organisation.save()
    special = ProductFactory(unit_price=Decimal("24.90"))
    other = ProductFactory(unit_price=Decimal("24.90"))
    PriceListEntryFactory(
        price_list=price_list, product=special, unit_price=Decimal("19.00")
    )
    services.cart_add(user=buyer, product=special, quantity=1)
    services.cart_add(user=buyer, product=other, quantity=1)
    quote = selectors.cart_quote(selectors.cart_of(buyer))
    prices = {line.product: line.unit_price for line in quote.lines}
    assert prices == {special: Decimal("19.00"), other: Decimal("22.41")}


def test_another_resellers_price_list_does_not_apply(buyer, other_organisation):
    other_organisation.price_list = PriceListFactory(discount_percent=Decimal("30"))
    other_organisation.save()
    product = ProductFactory(unit_price=Decimal("24.90"))
    services.cart_add(user=buyer, product=product, quantity=1)
    quote = selectors.cart_quote(selectors.cart_of(buyer))
    assert quote.lines[0].unit_price == Decimal("24.90")


def test_vat_is_worked_out_per_rate_and_rounded_half_up_to_the_cent(db):
    filter_20 = ProductFactory(unit_price=Decimal("24.90"), vat_rate=Decimal("20.00"))
    salt_55 = ProductFactory(unit_price=Decimal("1.50"), vat_rate=Decimal("5.50"))
    quote = selectors.quote(organisation=None, items=[(filter_20, 3), (salt_55, 2)])

    # 74.70 × 20 % = 14.94; 3.00 × 5.5 % = 0.165, half up: 0.17 (not 0.16).
    assert quote.vat_by_rate == {
        Decimal("5.50"): Decimal("0.17"),
        Decimal("20.00"): Decimal("14.94"),
    }
    assert all(isinstance(v, Decimal) for v in quote.vat_by_rate.values())
    assert str(quote.total_excl_vat) == "77.70"
    assert str(quote.total_vat) == "15.11"
    assert str(quote.total_incl_vat) == "92.81"
    assert quote.total_incl_vat == quote.total_excl_vat + quote.total_vat


def test_vat_is_rounded_once_per_rate_not_per_line(db):
    # Per line each 1.50 × 5.5 % = 0.0825 would round to 0.08, i.e. 0.16;
    # on the invoice the 3.00 base gives 0.165, i.e. 0.17.
    first = ProductFactory(unit_price=Decimal("1.50"), vat_rate=Decimal("5.50"))
    second = ProductFactory(unit_price=Decimal("1.50"), vat_rate=Decimal("5.50"))
    quote = selectors.quote(organisation=None, items=[(first, 1), (second, 1)])
    assert quote.vat_by_rate == {Decimal("5.50"): Decimal("0.17")}
    assert quote.total_incl_vat == Decimal("3.17")


def test_the_order_stores_the_totals_and_prices_of_the_cart_quote(buyer, on_account):
    on_account.price_list = PriceListFactory(discount_percent=Decimal("15.00"))
    on_account.save()
    filter_20 = stocked(unit_price=Decimal("24.90"), vat_rate=Decimal("20.00"))
    salt_55 = stocked(unit_price=Decimal("1.50"), vat_rate=Decimal("5.50"))
    services.cart_add(user=buyer, product=filter_20, quantity=3)
    services.cart_add(user=buyer, product=salt_55, quantity=7)
    quote = selectors.cart_quote(selectors.cart_of(buyer))

    order = placed_order(buyer)

    order.refresh_from_db()
    assert order.total_excl_vat == quote.total_excl_vat == Decimal("72.47")
    assert order.total_vat == quote.total_vat
    assert order.total_incl_vat == quote.total_incl_vat
    assert order.currency == "EUR"
    lines = {line.product: line for line in order.lines.all()}
    assert lines[filter_20].unit_price == Decimal("21.17")
    assert lines[salt_55].unit_price == Decimal("1.28")  # 1.275
    assert lines[salt_55].vat_rate == Decimal("5.50")
    assert sum(line.total_excl_vat for line in lines.values()) == Decimal("72.47")


def test_a_later_catalogue_change_leaves_placed_orders_alone(
    buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 2)])
    cartridge.unit_price = Decimal("99.00")
    cartridge.save()
    order.refresh_from_db()
    assert order.total_excl_vat == Decimal("49.80")
    assert order.lines.get().unit_price == Decimal("24.90")
