"""The order row and its lines, as every channel writes them: the row with
its number first, then the lines with their stock reserved (or back-ordered)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from accounts.network.models import Organisation, User
from ordering.catalogue.selectors import Quote, QuoteLine
from ordering.orders.models import Order, OrderLine
from ordering.orders.services import backorders
from ordering.stock.services import stock_reserve


@dataclass(frozen=True)
class Delivery:
    name: str
    line1: str
    postcode: str
    city: str
    line2: str = ""
    country: str = "FR"


def order_number_assign(order: Order) -> None:
    """OXY-2026-000123: the year on the French calendar, then the row's id."""
    year = timezone.localtime(order.placed_at).year
    order.number = f"{settings.PORTAL_ORDER_PREFIX}-{year}-{order.pk:06d}"
    Order.objects.filter(pk=order.pk).update(number=order.number)


def order_row_create(
    *,
    priced: Quote,
    channel: str,
    placed_by: User,
    payment_method: str,
    delivery: Delivery,
    submission_key: str,
    placed_at,
    status: str,
    contact_email: str,
    end_customer_name: str,
    purchase_order_reference: str = "",
    organisation: Organisation | None = None,
    customer=None,
    shipping_preference: str = Order.ShippingPreference.TOGETHER,
    **credit,
) -> Order:
    """The order row of every channel, with the quote's totals and its number.

    It goes in before the lines: its unique submission key makes a concurrent
    duplicate wait here and fail, before it touches any stock.
    """
    order = Order.objects.create(
        organisation=organisation,
        customer=customer,
        **credit,
        channel=channel,
        placed_by=placed_by,
        payment_method=payment_method,
        purchase_order_reference=purchase_order_reference,
        end_customer_name=end_customer_name,
        contact_email=contact_email,
        delivery_name=delivery.name,
        delivery_line1=delivery.line1,
        delivery_line2=delivery.line2,
        delivery_postcode=delivery.postcode,
        delivery_city=delivery.city,
        delivery_country=delivery.country,
        currency=priced.currency,
        total_excl_vat=priced.total_excl_vat,
        total_vat=priced.total_vat,
        total_incl_vat=priced.total_incl_vat,
        submission_key=submission_key,
        placed_at=placed_at,
        status=status,
        shipping_preference=shipping_preference,
    )
    order_number_assign(order)
    return order


def order_line_of(*, order: Order, line: QuoteLine, **fields) -> OrderLine:
    """An (unsaved) order line at the quoted price: the product's reference,
    name and VAT rate copied as they are today."""
    return OrderLine(
        order=order,
        product=line.product,
        product_reference=line.product.reference,
        product_name=line.product.name,
        quantity=line.quantity,
        unit_price=line.unit_price,
        vat_rate=line.product.vat_rate,
        **fields,
    )


def order_lines_create(
    *, order: Order, priced: Quote, backorder: bool = False
) -> list[OrderLine]:
    """The order's lines at the quoted prices, with their stock reserved; a
    shortage raises ``InsufficientStockError`` unless the buyer agreed to a
    ``backorder`` (the caller rolls back)."""
    order_lines = OrderLine.objects.bulk_create(
        order_line_of(order=order, line=line) for line in priced.lines
    )
    missing = stock_reserve(order_lines=order_lines, partial=backorder)
    backorders.backorders_record(order_lines=order_lines, missing=missing)
    return order_lines
