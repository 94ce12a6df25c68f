"""Money, dates and punctuation as the reader writes them, on real pages.

Testers saw "35.88 €", "Déc", "Dec. 1, 2026, 8:33 a.m." and "Rédacteur
responsable:" on French pages. Every amount goes through ``portal.money``,
every date through the formats of ``portal.formats``: these tests render the
pages people read most, in both languages, and look for the old spellings.
"""

import re
from datetime import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ordering.orders import services
from ordering.orders.models import Order
from ordering.orders.services.summary_repair import sales_summary_rebuild
from tests.accounts.factories import CustomerFactory, UserFactory
from tests.ordering.factories import (
    OrderFactory,
    ProductFactory,
    placed_order,
    stocked,
)

pytestmark = pytest.mark.django_db

PLACED = timezone.make_aware(datetime(2026, 11, 3, 8, 33))
NOVEMBER = {"start": "2026-11-01", "end": "2026-11-30"}

# "1234.56 €", "€ 35.88": an amount written by hand, the English way.
DECIMAL_POINT_EUROS = [re.compile(r"\d\.\d{2}\s?€"), re.compile(r"€\s?\d+\.\d{2}")]
FRENCH_AMOUNT = re.compile(r"\d[\u202f\u00a0]\d{3},\d{2}\u00a0€")
ENGLISH_AMOUNT = re.compile(r"€\d{1,3}(?:,\d{3})+\.\d{2}")
ABBREVIATED_MONTH = re.compile(
    r"\b(?:janv|févr|avr|juil|sept|oct|nov|déc|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sep|Sept|Oct|Nov|Dec)\.|\bDéc\b|\bdéc\b|\b[ap]\.m\."
)


@pytest.fixture
def shop(owner, manager, agent, delivery_address):
    """A 1,234.56 € product ordered by the reseller on 3 November 2026 at
    08:33, one more in its cart, and a customer's web order of that day."""
    product = stocked(
        ProductFactory(
            reference="FMT-1234", name="Adoucisseur", unit_price=Decimal("1234.56")
        )
    )
    order = placed_order(owner, [product])
    Order.objects.filter(pk=order.pk).update(placed_at=PLACED)
    sales_summary_rebuild()  # the dashboards' rows follow the order to its day
    services.cart_add(user=owner, product=product, quantity=1)
    customer = CustomerFactory(user=UserFactory(email="client.fmt@example.test"))
    web = OrderFactory(
        organisation=None,
        customer=customer,
        channel=Order.Channel.WEB,
        payment_method="transfer",
        end_customer_name=customer.full_name,
        total_excl_vat=Decimal("1234.56"),
        placed_at=PLACED,
    )
    return {
        "product": product,
        "pages": [
            (owner, reverse("orders"), {}),
            (owner, reverse("order_detail", args=[order.number]), {}),
            (owner, reverse("stock"), {"q": "FMT-1234"}),
            (owner, reverse("cart"), {}),
            (owner, "/reseller/dashboard/", NOVEMBER),
            (manager, "/staff/dashboard/", NOVEMBER),
            (agent, reverse("customer_detail", args=[customer.pk]), {}),
            (customer.user, reverse("customer_order", args=[web.number]), {}),
            (customer.user, reverse("customer_orders"), {}),
        ],
    }


def _read(client, user, url, query, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def test_french_pages_write_euros_the_french_way(client, shop):
    for user, url, query in shop["pages"]:
        body = _read(client, user, url, query, "fr")
        for pattern in DECIMAL_POINT_EUROS:
            assert not pattern.search(body), (url, pattern.search(body).group())
        assert FRENCH_AMOUNT.search(body), url


def test_english_pages_write_euros_the_english_way(client, shop):
    for user, url, query in shop["pages"]:
        body = _read(client, user, url, query, "en")
        assert ENGLISH_AMOUNT.search(body), url
        assert not re.search(r"\d,\d{2}\s?€", body), url


@pytest.mark.parametrize(
    ("language", "day"),
    [("fr", "3 novembre 2026"), ("en", "3 November 2026")],
)
def test_dates_have_full_month_names_and_a_24_hour_clock(client, shop, language, day):
    # The orders, an order, the customer 360 and the customer's orders.
    for index in (0, 1, 6, 8):
        user, url, query = shop["pages"][index]
        body = _read(client, user, url, query, language)
        assert day in body, url
        assert not ABBREVIATED_MONTH.search(body), (
            url,
            ABBREVIATED_MONTH.search(body).group(),
        )


def test_a_french_label_keeps_its_colon_on_its_line(client, shop, owner):
    url = reverse("product", args=[shop["product"].reference])
    body = _read(client, owner, url, {}, "fr")
    assert "Entrepôt de Lyon\u00a0:" in body
    assert "Entrepôt de Lyon:" not in body


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("currency", ["EUR", "USD", "CHF", "GBP", "JPY"])
@pytest.mark.parametrize("cents", [True, False])
def test_amounts_read_exactly_as_babel_writes_them(language, currency, cents):
    """``money_format`` learns each language's layout once from Babel (a page
    of orders formats dozens of amounts): every amount, negative and
    centless currencies included, reads as Babel's own formatting of it."""
    from babel.numbers import format_currency
    from django.utils import translation

    from portal.money import _babel_format, money, money_format

    values = ["0", "0.5", "0.005", "7", "12.34", "999.995", "1000", "-12.5"]
    values += ["1234567.89", "100000000.01"]
    with translation.override(language):
        for text in values:
            value = money(Decimal(text))
            if not cents:
                value = value.quantize(Decimal(1), rounding="ROUND_HALF_UP")
            locale = translation.to_locale(language)
            expected = (
                format_currency(value, currency, locale=locale)
                if cents
                else _babel_format(value, currency, locale, cents=False)
            )
            assert money_format(Decimal(text), currency, cents=cents) == expected
