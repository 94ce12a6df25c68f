"""What the API reads and answers, field by field.

Money is a decimal string in euros ("24.90"), never a float; dates and
times are ISO 8601, times with their offset. Text sent in is refused when it
holds a NUL or a lone surrogate, which no database column stores.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    AliasPath,
    BaseModel,
    ConfigDict,
    field_validator,
    model_validator,
)

from ordering.catalogue.models import Product
from ordering.orders.models import Order
from ordering.orders.services import MAX_LINE_QUANTITY
from ordering.shipping.models import TrackingEvent
from ordering.stock.selectors import Availability


def _storable(value: str) -> str:
    if "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValueError("Text may not contain NUL characters or lone surrogates.")
    return value


Text = Annotated[str, AfterValidator(_storable)]
ProductKind = Literal[tuple(Product.Kind.values)]
OrderStatus = Literal[tuple(Order.Status.values)]
TrackingStatus = Literal[tuple(TrackingEvent.Status.values)]
AvailabilityState = Literal[Availability.IN_STOCK, Availability.LOW, Availability.OUT]


class Row(BaseModel):
    """An answer pydantic reads straight from an object's attributes (or a
    dict's keys) in its compiled core: for what a list holds by the hundred.

    A ninja ``Schema`` wraps every object in a getter that looks each field
    up in Python, resolvers first: a page of 50 installations made 1,650
    such lookups, about 25 ms. A row takes no resolvers. It reads a related
    row's field with ``AliasPath("part", "reference")``, as every ``Schema``
    here does too. The fields, their names in the JSON and the OpenAPI
    document are a ``Schema``'s."""

    model_config = ConfigDict(from_attributes=True)


class ErrorOut(Schema):
    detail: str = Field(description="What is wrong, in the caller's language.")


# --- Products and stock --------------------------------------------------------


class PriceFilters(Schema):
    organisation: Text | None = Field(
        None,
        max_length=80,
        description="Staff: the reseller (slug) whose prices to show.",
    )


class ProductFilters(PriceFilters):
    q: Text = Field(
        "",
        max_length=100,
        description="Reference, name, or an appliance whose parts to list.",
    )
    kind: ProductKind | None = None


class WarehouseStockOut(Row):
    warehouse: str = Field(description="The warehouse's code.")
    name: str
    available: int = Field(description="Units on hand not reserved by orders.")
    restock_date: date | None = None
    restock_quantity: int | None = None


class ProductOut(Row):
    reference: str
    name: str
    kind: ProductKind
    unit_price_excl_vat: Decimal | None = Field(
        description="Your organisation's price; null when you may not order."
    )
    vat_rate: Decimal = Field(description="Percent.")
    currency: str = "EUR"
    availability: AvailabilityState
    available: int = Field(description="Units available over every warehouse.")
    next_restock: date | None = Field(
        description="The earliest expected restock date, if one is known."
    )
    stock: list[WarehouseStockOut]


class ProductDetailOut(ProductOut):
    description: str
    compatible_parts: list[str] = Field(
        description="For an appliance: references of its consumables and parts."
    )
    fits: list[str] = Field(
        description="For a consumable or part: references of the appliances it fits."
    )


# --- Orders, shipments and tracking --------------------------------------------


class OrderFilters(Schema):
    q: Text = Field(
        "",
        max_length=100,
        description=(
            "Order number (or its last digits), end customer, your purchase "
            "order reference, product reference or tracking number."
        ),
    )
    status: OrderStatus | None = None
    placed_from: date | None = None
    placed_to: date | None = None


class ShipmentFilters(Schema):
    tracking_number: Text | None = Field(None, max_length=60)
    status: TrackingStatus | None = Field(
        None, description="Where the parcel is now: its latest tracking event's status."
    )


class TrackingEventOut(Row):
    at: datetime = Field(alias="occurred_at")
    status: TrackingStatus
    location: str
    description: str


class ShipmentLineOut(Row):
    reference: str = Field(
        validation_alias=AliasPath("order_line", "product_reference")
    )
    name: str = Field(validation_alias=AliasPath("order_line", "product_name"))
    quantity: int


class ShipmentOut(Schema):
    id: int
    order: str = Field(
        validation_alias=AliasPath("order", "number"), description="The order number."
    )
    carrier: str = Field(validation_alias=AliasPath("carrier", "name"))
    carrier_code: str = Field(validation_alias=AliasPath("carrier", "code"))
    tracking_number: str
    tracking_url: str
    status: TrackingStatus = Field(
        alias="tracking_status",
        description=(
            "Where the parcel is now: the status of its latest tracking event "
            "by the time it happened (carriers send them out of order), else "
            "in_transit or delivered."
        ),
    )
    shipped_at: datetime
    delivered_at: datetime | None
    lines: list[ShipmentLineOut]
    tracking_events: list[TrackingEventOut] = Field(description="Newest first.")

    @staticmethod
    def resolve_lines(shipment):
        return list(shipment.lines.all())

    @staticmethod
    def resolve_tracking_events(shipment):
        return list(shipment.tracking_events.all())


class OrderLineOut(Row):
    reference: str = Field(alias="product_reference")
    name: str = Field(alias="product_name")
    quantity: int
    quantity_shipped: int
    quantity_backordered: int = Field(
        description="Units not in stock when ordered, still waiting for a receipt."
    )
    unit_price_excl_vat: Decimal = Field(alias="unit_price")
    vat_rate: Decimal
    total_excl_vat: Decimal


class OrderEventOut(Schema):
    at: datetime = Field(alias="created_at")
    status: OrderStatus | None
    note: str

    @staticmethod
    def resolve_status(event):
        return event.status or None

    @staticmethod
    def resolve_note(event):
        return event.note_display


class AddressOut(Row):
    name: str
    line1: str
    line2: str
    postcode: str
    city: str
    country: str


class OrderSummaryOut(Row):
    number: str
    status: OrderStatus
    status_label: str = Field(validation_alias="status")
    placed_at: datetime
    channel: Literal[tuple(Order.Channel.values)]
    organisation: str | None = Field(description="The reseller's slug.")
    purchase_order_reference: str
    end_customer_name: str
    payment_method: Literal[tuple(Order.PaymentMethod.values)]
    currency: str
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    shipping_preference: Literal[tuple(Order.ShippingPreference.values)] = Field(
        description=(
            "While some units are back-ordered: ship what is in stock at once "
            "(as_available), or the whole order in one go (together)."
        )
    )
    has_backorder: bool = Field(description="Some units still wait for stock.")

    @field_validator("status_label", mode="before")
    @classmethod
    def _label(cls, status: str) -> str:
        return str(Order.Status(status).label)

    @field_validator("organisation", mode="before")
    @classmethod
    def _slug(cls, organisation) -> str | None:
        return organisation.slug if organisation is not None else None


# One order: a ``Schema`` too, for the resolvers of its address, lines and
# shipments (a comment, not a docstring, which the OpenAPI document shows).
class OrderOut(OrderSummaryOut, Schema):
    delivery_address: AddressOut
    lines: list[OrderLineOut]
    timeline: list[OrderEventOut] = Field(description="Oldest first.")
    shipments: list[ShipmentOut]

    @staticmethod
    def resolve_delivery_address(order):
        return {
            "name": order.delivery_name,
            "line1": order.delivery_line1,
            "line2": order.delivery_line2,
            "postcode": order.delivery_postcode,
            "city": order.delivery_city,
            "country": order.delivery_country,
        }

    @staticmethod
    def resolve_lines(order):
        return list(order.lines.all())

    @staticmethod
    def resolve_shipments(order):
        return list(order.shipments.all())


class OrderLineIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    reference: Text = Field(min_length=1, max_length=40)
    quantity: int = Field(ge=1, le=MAX_LINE_QUANTITY)


class DeliveryAddressIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: Text = Field(min_length=1, max_length=200)
    line1: Text = Field(min_length=1, max_length=200)
    line2: Text = Field("", max_length=200)
    postcode: str = Field(pattern=r"^\d{5}$", description="A French postcode.")
    city: Text = Field(min_length=1, max_length=100)


class OrderIn(Schema):
    lines: list[OrderLineIn] = Field(min_length=1, max_length=500)
    delivery_address_id: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description=(
            "One of the organisation's delivery addresses. Without it or "
            "delivery_address, the first delivery address is used."
        ),
    )
    delivery_address: DeliveryAddressIn | None = None
    purchase_order_reference: Text = Field("", max_length=60)
    end_customer_name: Text = Field("", max_length=150)
    shipping_preference: Literal[tuple(Order.ShippingPreference.values)] | None = Field(
        None,
        description=(
            "Your agreement to a back-order when stock is short: as_available "
            "ships what is in stock now and the rest when it arrives; together "
            "ships everything once it is all in stock. Without it, a shortage "
            "refuses the order (409) and lists what is short."
        ),
    )
    payment_method: Literal["on_account"] = Field(
        "on_account",
        description="Only on account through the API: card payment needs a browser.",
    )
    organisation: Text | None = Field(
        None,
        max_length=80,
        description="Staff: the reseller (slug) the order is for.",
    )
    submission_key: str | None = Field(
        None,
        pattern=r"^[\x21-\x7e]{1,64}$",
        description=(
            "Same as the Idempotency-Key header: the same key sent again "
            "returns the first order instead of placing another."
        ),
    )

    @model_validator(mode="after")
    def _one_address(self):
        if self.delivery_address_id is not None and self.delivery_address is not None:
            raise ValueError("Give delivery_address_id or delivery_address, not both.")
        return self


class ShortageOut(Row):
    reference: str
    name: str
    requested: int
    available: int


class StockShortageOut(ErrorOut):
    shortages: list[ShortageOut]
