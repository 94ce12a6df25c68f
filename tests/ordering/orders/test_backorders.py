"""Back-orders: a shortage the buyer agrees to, the receipts that serve it
(oldest order first, stock exact), the two ways it ships, and the e-mail
when the rest leaves."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from ordering.orders import services
from ordering.orders.models import Order
from ordering.orders.selectors import backorder_restocks
from ordering.shipping import services as shipping_services
from ordering.stock.models import StockReservation
from tests.ordering.factories import CarrierFactory, placed_order
from tests.ordering.helpers import cart_quantities, level_of

Status = Order.Status
AS_AVAILABLE = Order.ShippingPreference.AS_AVAILABLE
TOGETHER = Order.ShippingPreference.TOGETHER


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English; French is the site's default."""
    with translation.override("en"):
        yield


def _stock(product) -> tuple[int, int, int]:
    level = level_of(product)
    return level.on_hand, level.reserved, level.available


def _receive(product, quantity, by=None):
    return services.stock_receipt_record(
        stock_level=level_of(product), quantity=quantity, by=by
    )


# --- Placing ---------------------------------------------------------------------


def test_a_shortage_the_buyer_agrees_to_is_back_ordered(buyer, on_account, cartridge):
    order = placed_order(buyer, [(cartridge, 25)], shipping_preference=AS_AVAILABLE)

    line = order.lines.get()
    assert (line.quantity, line.quantity_backordered) == (25, 15)
    assert line.backordered_at_placement == 15
    assert order.shipping_preference == AS_AVAILABLE
    # The ten on the shelf are the order's; nothing is left for anyone else.
    assert _stock(cartridge) == (10, 10, 0)
    assert StockReservation.objects.get().quantity == 10
    assert order.events.filter(note__startswith="Some units are back-ordered").exists()
    assert cart_quantities(buyer) == {}


def test_without_the_buyer_s_agreement_a_shortage_still_refuses_the_order(
    buyer, on_account, cartridge
):
    with pytest.raises(services.InsufficientStockError) as refused:
        placed_order(buyer, [(cartridge, 25)])

    assert "10 available, 25 requested" in str(refused.value)
    assert not Order.objects.exists()
    assert _stock(cartridge) == (10, 0, 10)
    assert cart_quantities(buyer) == {"FLT-100": 25}


def test_an_unknown_shipping_choice_is_refused(buyer, on_account, cartridge):
    with pytest.raises(services.OrderingError, match="Choose how the order ships"):
        placed_order(buyer, [(cartridge, 25)], shipping_preference="tomorrow")
    assert not Order.objects.exists()


def test_the_confirmation_says_what_is_back_ordered(
    buyer, on_account, cartridge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placed_order(buyer, [(cartridge, 12)], shipping_preference=TOGETHER)

    assert "2 units back-ordered" in mail.outbox[0].body


# --- Receipts ------------------------------------------------------------------


def _waiting_orders(buyer, cartridge):
    """Two orders of 15 with 10 on the shelf: the first gets the ten and
    waits for 5, the second waits for 15. The second is dated earlier, so
    order date, not row order, decides who a receipt serves first."""
    first = placed_order(buyer, [(cartridge, 15)], shipping_preference=AS_AVAILABLE)
    second = placed_order(buyer, [(cartridge, 15)], shipping_preference=AS_AVAILABLE)
    Order.objects.filter(pk=second.pk).update(
        placed_at=first.placed_at - timedelta(days=2)
    )
    return first, second


def _waiting(order) -> int:
    return order.lines.get().quantity_backordered


def test_a_receipt_serves_back_orders_oldest_order_first(
    agent, buyer, on_account, cartridge
):
    newer, older = _waiting_orders(buyer, cartridge)
    assert (_waiting(newer), _waiting(older)) == (5, 15)

    receipt = _receive(cartridge, 18, by=agent)

    assert (_waiting(older), _waiting(newer)) == (0, 2)
    assert (receipt.to_backorders, receipt.orders_served) == (18, 2)
    # 28 on hand, every unit promised: 10 + 3 to the newer, 15 to the older.
    assert _stock(cartridge) == (28, 28, 0)
    reserved = {
        r.order_line.order_id: r.quantity for r in StockReservation.objects.all()
    }
    assert reserved == {newer.pk: 13, older.pk: 15}
    assert older.events.last().note.startswith("Every back-ordered unit arrived")
    assert newer.events.last().note.startswith("Some back-ordered units arrived")

    _receive(cartridge, 5)

    assert _waiting(newer) == 0
    assert _stock(cartridge) == (33, 30, 3)


def test_a_receipt_with_nothing_waiting_is_all_available(cartridge):
    receipt = _receive(cartridge, 7)

    assert (receipt.received, receipt.to_backorders) == (7, 0)
    assert _stock(cartridge) == (17, 0, 17)


def test_a_receipt_sets_the_next_expected_restock(cartridge):
    next_week = timezone.localdate() + timedelta(days=7)
    services.stock_receipt_record(
        stock_level=level_of(cartridge),
        quantity=3,
        by=None,
        restock_date=next_week,
        restock_quantity=50,
    )
    level = level_of(cartridge)
    assert (level.restock_date, level.restock_quantity) == (next_week, 50)


def test_a_receipt_of_nothing_is_refused(cartridge):
    with pytest.raises(services.OrderingError, match="at least 1"):
        _receive(cartridge, 0)
    assert _stock(cartridge) == (10, 0, 10)


def test_a_cancelled_order_no_longer_waits_for_stock(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 15)], shipping_preference=TOGETHER)
    services.order_cancel(order=order, by=agent)

    assert _waiting(order) == 0
    assert _stock(cartridge) == (10, 0, 10)
    receipt = _receive(cartridge, 5)
    assert receipt.to_backorders == 0
    assert _stock(cartridge) == (15, 0, 15)


# --- Shipping -------------------------------------------------------------------


def test_an_order_to_ship_together_waits_until_complete(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 15)], shipping_preference=TOGETHER)

    with pytest.raises(services.BackorderWaitingError) as refused:
        shipping_services.shipment_create(
            order=order, carrier=CarrierFactory(), tracking_number="6A1", by=agent
        )
    assert str(refused.value) == (
        f"Order {order.number} ships complete, as the buyer asked: "
        "5 × FLT-100 still wait for stock."
    )
    with pytest.raises(services.BackorderWaitingError):
        services.order_transition(order=order, target=Status.PREPARING, by=agent)
    order.refresh_from_db()
    assert order.status == Status.CONFIRMED
    assert not order.shipments.exists()

    _receive(cartridge, 5)
    shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6A1", by=agent
    )

    order.refresh_from_db()
    assert order.status == Status.SHIPPED
    assert order.lines.get().quantity_shipped == 15
    assert _stock(cartridge) == (0, 0, 0)


def test_ship_what_is_available_then_the_rest_with_one_email_each(
    agent, buyer, on_account, cartridge, django_capture_on_commit_callbacks
):
    order = placed_order(buyer, [(cartridge, 15)], shipping_preference=AS_AVAILABLE)
    carrier = CarrierFactory()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        # Nothing named: the reserved part leaves, the back-order stays.
        shipping_services.shipment_create(
            order=order, carrier=carrier, tracking_number="6A1", by=agent
        )
    order.refresh_from_db()
    line = order.lines.get()
    assert order.status == Status.PARTIALLY_SHIPPED
    assert (line.quantity_shipped, line.quantity_backordered) == (10, 5)
    assert _stock(cartridge) == (0, 0, 0)
    assert [m.subject for m in mail.outbox] == [
        f"[Oxyplus] Part of order {order.number} has shipped"
    ]

    with pytest.raises(shipping_services.ShipmentError, match="wait for stock"):
        shipping_services.shipment_create(
            order=order,
            carrier=carrier,
            tracking_number="6A2",
            quantities={line.pk: 5},
            by=agent,
        )

    _receive(cartridge, 8)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shipping_services.shipment_create(
            order=order, carrier=carrier, tracking_number="6A2", by=agent
        )

    order.refresh_from_db()
    assert order.status == Status.SHIPPED
    assert _stock(cartridge) == (3, 0, 3)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == (
        f"[Oxyplus] The back-ordered items of order {order.number} have shipped"
    )
    assert "5 × FLT-100" in message.body
    assert "Your order is now complete." in message.body


def test_the_rest_email_is_in_french_for_a_french_reader(
    agent, buyer, on_account, cartridge, django_capture_on_commit_callbacks
):
    order = placed_order(buyer, [(cartridge, 12)], shipping_preference=TOGETHER)
    _receive(cartridge, 2)
    mail.outbox.clear()
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        shipping_services.shipment_create(
            order=order, carrier=CarrierFactory(), tracking_number="6A3", by=agent
        )

    assert len(mail.outbox) == 1
    assert "attendaient" in mail.outbox[0].body


def test_the_expected_date_is_the_products_next_restock(buyer, on_account, cartridge):
    level = level_of(cartridge)
    level.restock_date = date(2031, 3, 4)
    level.save()
    order = placed_order(buyer, [(cartridge, 15)], shipping_preference=AS_AVAILABLE)

    assert backorder_restocks(list(order.lines.all())) == {
        order.lines.get().pk: date(2031, 3, 4)
    }
