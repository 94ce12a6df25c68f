"""Ordering on account is refused beyond the credit limit or with an invoice
long overdue; the message says what is owed and whom to call; a manager may
lift the hold with a reason, which the audit log keeps."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.customers.models import AuditEntry
from accounts.network.models import Organisation
from accounts.network.services import api_token_create
from ordering.invoicing.models import InvoicingSettings
from ordering.invoicing.services.credit import (
    on_account_hold,
    ordered_not_invoiced,
    owed_on_account,
)
from ordering.orders import services
from ordering.orders.models import CartLine, Order
from ordering.stock.models import StockLevel
from tests.ordering.factories import OrderFactory, ShipmentFactory, placed_order
from tests.ordering.invoicing.factories import issued_invoice

D = Decimal
PHONE = "04 72 00 00 00"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def limited(on_account):
    """May owe 50 € on account; already owes one invoice of 29.88 €."""
    on_account.credit_limit = D("50.00")
    on_account.save()
    issued_invoice(on_account)
    return on_account


def test_an_order_beyond_the_credit_limit_is_refused_with_what_is_owed(
    limited, buyer, cartridge
):
    with pytest.raises(services.CreditHoldError) as refused:
        placed_order(buyer, [(cartridge, 1)])

    message = str(refused.value)
    assert "€29.88 is already owed" in message
    assert "credit limit of €50.00" in message
    assert PHONE in message and "comptabilite@oxyplus.example" in message
    assert "by card" in message
    # Nothing placed, nothing reserved, the cart kept.
    assert not Order.objects.filter(placed_by=buyer).exists()
    assert StockLevel.objects.get(product=cartridge).reserved == 0
    assert CartLine.objects.filter(cart__user=buyer).exists()


def test_an_order_within_the_limit_goes_through(limited, buyer, cartridge):
    limited.credit_limit = D("60.00")
    limited.save()
    order = placed_order(buyer, [(cartridge, 1)])
    assert order.status == Order.Status.CONFIRMED


def test_orders_not_invoiced_yet_count_against_the_limit(on_account, buyer, cartridge):
    on_account.credit_limit = D("50.00")
    on_account.save()
    first = placed_order(buyer, [(cartridge, 1)])
    assert ordered_not_invoiced(on_account) == first.total_incl_vat
    assert owed_on_account(on_account) == first.total_incl_vat

    with pytest.raises(services.CreditHoldError):
        placed_order(buyer, [(cartridge, 1)])

    # A cancelled order no longer counts: the cart kept goes through.
    services.order_cancel(order=first, by=buyer, reason="Erreur")
    assert ordered_not_invoiced(on_account) == D("0.00")
    assert placed_order(buyer).total_incl_vat == first.total_incl_vat


def test_goods_shipped_before_invoicing_existed_count_for_nothing(
    on_account, cartridge
):
    """An upgraded database: orders delivered before the portal invoiced were
    billed elsewhere; what is still to ship will be invoiced here."""
    old = OrderFactory(
        organisation=on_account,
        status=Order.Status.DELIVERED,
        lines=[(cartridge, 3)],
        placed_at=timezone.now() - timedelta(days=400),
    )
    ShipmentFactory(order=old, shipped_at=old.placed_at)
    half = OrderFactory(
        organisation=on_account,
        status=Order.Status.PARTIALLY_SHIPPED,
        lines=[(cartridge, 4)],
        placed_at=timezone.now() - timedelta(days=400),
    )
    ShipmentFactory(order=half, lines={half.lines.get().pk: 1})

    # 3 cartridges still to ship at 24.90 € + 20 % VAT.
    assert ordered_not_invoiced(on_account) == D("89.64")


def test_a_monthly_reseller_owes_this_months_parcels_before_their_invoice(
    on_account, cartridge
):
    on_account.invoicing_mode = Organisation.InvoicingMode.MONTHLY
    on_account.save()
    now = timezone.now()
    for days_ago in (2, 120):  # this month's parcel, and one from long ago
        order = OrderFactory(
            organisation=on_account,
            status=Order.Status.SHIPPED,
            lines=[(cartridge, 1)],
            placed_at=now - timedelta(days=days_ago),
        )
        ShipmentFactory(order=order, shipped_at=now - timedelta(days=days_ago))

    assert ordered_not_invoiced(on_account) == D("29.88")


def test_no_limit_means_no_limit(on_account, buyer, cartridge):
    issued_invoice(on_account)
    assert on_account.credit_limit is None
    assert on_account_hold(on_account, adding=D("99999.00")) is None


def test_an_invoice_overdue_beyond_the_set_days_blocks_with_its_number(
    on_account, buyer, cartridge, card_payments
):
    today = timezone.localdate()
    late = issued_invoice(on_account, issued=today - timedelta(days=80))
    days_late = late.days_overdue()
    invoicing = InvoicingSettings.load()
    invoicing.overdue_block_days = days_late  # not "more than" yet
    invoicing.save()
    assert on_account_hold(on_account, adding=D("1.00")) is None

    invoicing.overdue_block_days = days_late - 1
    invoicing.save()
    with pytest.raises(services.CreditHoldError) as refused:
        placed_order(buyer, [(cartridge, 1)])
    message = str(refused.value)
    assert late.number in message
    assert "€29.88 is owed in all" in message
    assert PHONE in message

    # Card payment stays open.
    card_order = services.order_place(
        user=buyer,
        submission_key="card-1",
        payment_method=Order.PaymentMethod.CARD,
        delivery=services.Delivery(
            name="Aqua", line1="1 rue", postcode="69001", city="Lyon"
        ),
    )
    assert card_order.payment_method == Order.PaymentMethod.CARD


def test_a_manager_lifts_the_hold_with_a_reason_and_it_is_audited(
    limited, manager, cartridge
):
    services.cart_set_organisation(user=manager, organisation=limited)

    order = placed_order(
        manager, [(cartridge, 1)], credit_hold_override="Virement annoncé"
    )

    assert order.organisation == limited
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREDIT_HOLD_LIFTED)
    assert entry.actor == manager and entry.order == order
    assert "Virement annoncé" in entry.reason
    assert "credit limit" in entry.reason


def test_a_manager_without_a_reason_and_an_agent_are_refused(
    limited, manager, agent, cartridge
):
    for user, reason in [(manager, ""), (agent, "Client fidèle")]:
        services.cart_set_organisation(user=user, organisation=limited)
        with pytest.raises(services.CreditHoldError):
            placed_order(user, [(cartridge, 1)], credit_hold_override=reason)
    assert not AuditEntry.objects.filter(
        action=AuditEntry.Action.CREDIT_HOLD_LIFTED
    ).exists()
    assert not Order.objects.filter(placed_by__in=[manager, agent]).exists()


def _checkout(client, address, **extra):
    page = client.get(reverse("cart"))
    form = {
        "submission_key": page.context["checkout_form"].initial["submission_key"],
        "address": address.pk,
        "payment_method": Order.PaymentMethod.ON_ACCOUNT,
        **extra,
    }
    return client.post(reverse("checkout"), form)


def test_the_checkout_shows_the_refusal_and_keeps_the_cart(
    client, buyer, delivery_address, cartridge
):
    organisation = delivery_address.organisation
    organisation.credit_limit = D("10.00")
    organisation.save()
    client.force_login(buyer)
    client.post(reverse("cart_add"), {"product": cartridge.pk, "quantity": 1})

    response = _checkout(client, delivery_address)

    assert response.status_code == 409
    body = unescape(response.content.decode())
    assert PHONE in body
    assert "lift_credit_hold" not in body  # a buyer cannot lift it
    assert not Order.objects.exists()
    assert CartLine.objects.filter(cart__user=buyer).count() == 1


def test_a_manager_ticks_the_override_at_checkout_with_a_reason(
    client, manager, agent, delivery_address, cartridge
):
    organisation = delivery_address.organisation
    organisation.credit_limit = D("10.00")
    organisation.save()
    services.cart_set_organisation(user=agent, organisation=organisation)
    client.force_login(agent)
    client.post(reverse("cart_add"), {"product": cartridge.pk, "quantity": 1})
    assert "lift_credit_hold" not in client.get(reverse("cart")).content.decode()

    services.cart_set_organisation(user=manager, organisation=organisation)
    client.force_login(manager)
    client.post(reverse("cart_add"), {"product": cartridge.pk, "quantity": 1})
    assert "lift_credit_hold" in client.get(reverse("cart")).content.decode()

    no_reason = _checkout(client, delivery_address, lift_credit_hold="on")
    assert no_reason.status_code == 400
    assert not Order.objects.exists()

    placed = _checkout(
        client,
        delivery_address,
        lift_credit_hold="on",
        lift_credit_hold_reason="Chèque reçu ce matin",
    )
    order = Order.objects.get()
    assert placed.status_code == 302
    assert AuditEntry.objects.get(
        action=AuditEntry.Action.CREDIT_HOLD_LIFTED, order=order
    ).reason.startswith("Chèque reçu ce matin")


def test_the_api_refuses_the_order_with_the_same_message(
    buyer, delivery_address, cartridge
):
    organisation = delivery_address.organisation
    organisation.credit_limit = D("10.00")
    organisation.save()
    _token, secret = api_token_create(user=buyer, name="Caisse")
    program = Client(headers={"Authorization": f"Bearer {secret}"})
    program.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = program.post(
        "/api/v1/orders",
        {"lines": [{"reference": cartridge.reference, "quantity": 1}]},
        content_type="application/json",
    )

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "credit limit of €10.00" in detail and PHONE in detail
    assert not Order.objects.exists()
