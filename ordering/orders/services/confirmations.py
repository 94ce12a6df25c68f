"""The order confirmation e-mail: what was ordered, what it costs, where it
goes and how to pay, sent once, when the order is placed.

It goes to whoever placed the order and, when the order is for an end
customer (their own web order or one the call center placed during a call),
to the customer too: that is where a customer who ordered by phone reads the
bank transfer details. Each reader gets the link to the page they can open.
Queued after the placing transaction commits; a sending of the same form
twice returns the first order and sends nothing more.
"""

from django.conf import settings
from django.urls import reverse

from accounts.customers.emails import customer_email_send_after_commit
from ordering.orders.models import Order, OrderLine
from portal.emails import email_send_after_commit
from portal.links import absolute_url

TEMPLATE = "ordering/email/order_placed"


def order_confirmation_send(order: Order, lines: list[OrderLine]) -> None:
    """Queue the confirmation of ``order`` (its ``lines`` just written) for
    each of its readers."""
    context = _summary(order, lines)
    staff_url = absolute_url(reverse("order_detail", args=[order.number]))
    placer = order.placed_by.email if order.placed_by_id else ""
    customer = order.customer
    if customer is None:
        to = sorted({placer, order.contact_email} - {""})
        if to:
            email_send_after_commit(
                template=TEMPLATE, to=to, context={**context, "url": staff_url}
            )
        return
    if customer.email:
        customer_email_send_after_commit(
            customer_id=customer.pk,
            template=TEMPLATE,
            to=[customer.email],
            context={**context, **_customer_links(order)},
        )
    if placer and order.placed_by_id != customer.user_id:
        # The agent's copy, with the link to the order in the portal.
        email_send_after_commit(
            template=TEMPLATE,
            to=[placer],
            context={**context, "url": staff_url, "for_customer": customer.full_name},
        )


def _customer_links(order: Order) -> dict:
    links = {"url": absolute_url(reverse("customer_order", args=[order.number]))}
    if order.awaits_card_payment:
        links["pay_url"] = absolute_url(
            reverse("customer_order_pay", args=[order.number])
        )
    return links


def _summary(order: Order, lines: list[OrderLine]) -> dict:
    """The order as the e-mail shows it; plain values, since the e-mail is
    rendered later by the worker, in the reader's language."""
    return {
        "number": order.number,
        "currency": order.currency,
        "lines": [
            {
                "reference": line.product_reference,
                "name": line.product_name,
                "quantity": line.quantity,
                "backordered": line.quantity_backordered,
                "unit_price": str(line.unit_price),
                "total": str(line.total_excl_vat),
            }
            for line in lines
        ],
        "total_excl_vat": str(order.total_excl_vat),
        "total_vat": str(order.total_vat),
        "total_incl_vat": str(order.total_incl_vat),
        "delivery": order.delivery_address_lines,
        "reference": order.purchase_order_reference,
        "payment_method": order.payment_method,
        "awaits_payment": order.awaits_card_payment,
        "iban": settings.PORTAL_BANK_IBAN,
        "bic": settings.PORTAL_BANK_BIC,
    }
