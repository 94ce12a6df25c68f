"""The order confirmation e-mail, for each channel: who receives it, what it
says (lines, totals, delivery, how to pay) and the page it links to."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from accounts.customers.models import CustomerEmail
from accounts.network.models import User
from ordering.orders import services
from ordering.orders.models import Order
from tests.accounts.factories import CustomerFactory, InstallationFactory
from tests.ordering.factories import CompatibilityFactory, placed_order, stocked

pytestmark = pytest.mark.django_db


def _placed(callbacks_fixture, place):
    """Place an order and run what waits for the commit (the e-mails)."""
    with callbacks_fixture(execute=True):
        order = place()
    return order


def _html(message) -> str:
    return message.alternatives[0][0]


@pytest.fixture
def part(db):
    return stocked(reference="CART-AQ10", name="Cartouche AquaPure 10")


@pytest.fixture
def customer_with_space(db):
    installation = InstallationFactory(
        customer=CustomerFactory(email="lea@example.test")
    )
    customer = installation.customer
    customer.user = User.objects.create_user(email=customer.email)
    customer.save()
    return customer, installation


def test_a_reseller_order_is_confirmed_to_its_buyer(
    buyer, on_account, part, django_capture_on_commit_callbacks
):
    order = _placed(
        django_capture_on_commit_callbacks,
        lambda: placed_order(buyer, [(part, 3)], purchase_order_reference="BC-77"),
    )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [buyer.email]
    assert order.number in message.subject
    text, html = message.body, _html(message)
    for body in (text, html):
        assert "Cartouche AquaPure 10" in body and "CART-AQ10" in body
        assert "BC-77" in body
        assert f"/reseller/orders/{order.number}/" in body
    # French by default: amounts as a French reader writes them.
    assert "89,64" in text  # 3 × 24.90 € + 20 % VAT
    assert "IBAN" not in text  # on account: nothing to transfer
    assert order.total_incl_vat == Decimal("89.64")


def test_a_web_order_by_transfer_gives_the_customer_the_bank_details(
    customer_with_space, part, settings, django_capture_on_commit_callbacks
):
    customer, installation = customer_with_space
    CompatibilityFactory(appliance=installation.appliance, part=part)
    order = _placed(
        django_capture_on_commit_callbacks,
        lambda: services.customer_order_place(
            customer=customer,
            by=customer.user,
            installation=installation,
            items=[(part, 2)],
            payment_method=Order.PaymentMethod.BANK_TRANSFER,
            submission_key="web-1",
        ),
    )

    assert [m.to for m in mail.outbox] == [["lea@example.test"]]
    message = mail.outbox[0]
    for body in (message.body, _html(message)):
        assert settings.PORTAL_BANK_IBAN in body and settings.PORTAL_BANK_BIC in body
        assert order.number in body
        # The customer's own page, not the reseller portal's.
        assert f"/customer/orders/{order.number}/" in body
        assert "/reseller/" not in body
    assert "Espace client" in message.body
    # Logged on the customer's record, for the call center to see.
    assert CustomerEmail.objects.filter(customer=customer, template="order_placed")


def test_a_call_center_order_reaches_the_customer_and_the_agent(
    agent, part, settings, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(email="marc@example.test", first_name="Marc")
    order = _placed(
        django_capture_on_commit_callbacks,
        lambda: services.call_center_order_place(
            customer=customer,
            by=agent,
            items=[(part, 1)],
            payment_method=Order.PaymentMethod.BANK_TRANSFER,
            submission_key="phone-1",
        ),
    )

    by_reader = {tuple(m.to): m for m in mail.outbox}
    assert set(by_reader) == {("marc@example.test",), (agent.email,)}
    to_customer = by_reader[("marc@example.test",)]
    # The customer who ordered by phone finds how to pay in the e-mail.
    assert settings.PORTAL_BANK_IBAN in to_customer.body
    assert f"/customer/orders/{order.number}/" in to_customer.body
    to_agent = by_reader[(agent.email,)]
    assert customer.full_name in to_agent.subject
    assert f"/reseller/orders/{order.number}/" in to_agent.body


def test_a_customer_without_email_leaves_only_the_agent_copy(
    agent, part, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(email="", phone="0612345678")
    _placed(
        django_capture_on_commit_callbacks,
        lambda: services.call_center_order_place(
            customer=customer,
            by=agent,
            items=[(part, 1)],
            payment_method=Order.PaymentMethod.BANK_TRANSFER,
            submission_key="phone-2",
        ),
    )
    assert [m.to for m in mail.outbox] == [[agent.email]]


def test_the_same_form_sent_twice_confirms_once(
    agent, part, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(email="marc@example.test")

    def place():
        return services.call_center_order_place(
            customer=customer,
            by=agent,
            items=[(part, 1)],
            payment_method=Order.PaymentMethod.BANK_TRANSFER,
            submission_key="same",
        )

    first = _placed(django_capture_on_commit_callbacks, place)
    sent = len(mail.outbox)
    again = _placed(django_capture_on_commit_callbacks, place)
    assert first.pk == again.pk
    assert len(mail.outbox) == sent == 2


def test_the_confirmation_reads_in_english_for_an_english_buyer(
    buyer, on_account, part, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        _placed(django_capture_on_commit_callbacks, lambda: placed_order(buyer, [part]))
    message = mail.outbox[0]
    assert "is placed" in message.subject
    assert "€29.88" in message.body
    assert "On account: invoiced at the end of the month." in message.body
