from collections.abc import Iterable
from decimal import Decimal
from uuid import uuid4

import factory
from django.db.models import F
from django.utils import timezone

from accounts.network.models import User
from ordering.catalogue.models import Compatibility, PriceList, PriceListEntry, Product
from ordering.catalogue.selectors import vat_by_rate
from ordering.orders import services
from ordering.orders.models import Order, OrderLine
from ordering.orders.services.rows import order_number_assign
from ordering.orders.services.summary import sales_keys
from ordering.orders.services.summary_repair import sales_summary_refresh
from ordering.shipping.models import Carrier, Shipment, ShipmentLine
from ordering.stock.models import StockLevel, Warehouse
from portal.money import money
from tests.accounts.factories import OrganisationFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    reference = factory.Sequence(lambda n: f"CART-{n:04d}")
    name = factory.Sequence(lambda n: f"Cartouche filtrante {n}")
    kind = Product.Kind.CONSUMABLE
    unit_price = Decimal("24.90")
    vat_rate = Decimal("20.00")
    replacement_interval_months = 6


class ApplianceFactory(ProductFactory):
    reference = factory.Sequence(lambda n: f"AQP-{300 + n}")
    name = factory.Sequence(lambda n: f"AquaPure {300 + n}")
    kind = Product.Kind.APPLIANCE
    unit_price = Decimal("1290.00")
    replacement_interval_months = None


class CompatibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compatibility

    appliance = factory.SubFactory(ApplianceFactory)
    part = factory.SubFactory(ProductFactory)
    quantity_per_change = 1


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse
        django_get_or_create = ("code",)

    code = "lyon"
    name = "Entrepôt de Lyon"
    city = "Lyon"
    priority = 1


class StockLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockLevel

    product = factory.SubFactory(ProductFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    on_hand = 100
    reserved = 0


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList

    name = factory.Sequence(lambda n: f"Tarif revendeur {n}")
    discount_percent = Decimal("10.00")


class PriceListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceListEntry

    price_list = factory.SubFactory(PriceListFactory)
    product = factory.SubFactory(ProductFactory)
    unit_price = Decimal("19.00")


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier
        django_get_or_create = ("code",)

    name = "Colissimo"
    code = "colissimo"
    tracking_url_pattern = (
        "https://www.laposte.fr/outils/suivre-vos-envois?code={number}"
    )
    webhook_secret = "carrier-test-secret"


def stocked(product: Product | None = None, *, on_hand: int = 100, **kwargs) -> Product:
    """A product with ``on_hand`` units in the default warehouse."""
    product = product or ProductFactory(**kwargs)
    StockLevelFactory(product=product, on_hand=on_hand)
    return product


# --- Orders -------------------------------------------------------------------

CENT = Decimal("0.01")
DELIVERY = services.Delivery(
    name="Aqua Services Lyon",
    line1="12 rue de la République",
    postcode="69002",
    city="Lyon",
)


def placed_order(
    user: User,
    items: Iterable[Product | tuple[Product, int]] = (),
    *,
    key: str | None = None,
    payment_method: str = Order.PaymentMethod.ON_ACCOUNT,
    delivery: services.Delivery = DELIVERY,
    **fields,
) -> Order:
    """An order placed as on the checkout page: ``items`` (products, one unit
    each, or (product, quantity) pairs) go into the user's cart, then the real
    ``order_place`` turns the cart into an order and reserves its stock.

    ``key`` is the checkout form's submission key (a fresh one by default);
    ``fields`` are ``order_place``'s other arguments (purchase order
    reference, end customer, contact email).
    """
    for item in items:
        product, quantity = item if isinstance(item, tuple) else (item, 1)
        services.cart_add(user=user, product=product, quantity=quantity)
    return services.order_place(
        user=user,
        submission_key=key or uuid4().hex,
        payment_method=payment_method,
        delivery=delivery,
        **fields,
    )


class OrderFactory(factory.django.DjangoModelFactory):
    """An order written straight, with no cart and no stock reserved: for the
    pages, searches and reports that only read orders (``placed_order`` goes
    through the real service).

    ``lines=[(product, quantity), ...]`` writes those lines at the products'
    prices and sets the totals from them, VAT rounded once per rate as the
    service does. Without ``lines``, the order has one line worth its
    ``total_excl_vat`` at the VAT rate its totals imply, so the lines always
    add up to the totals. The number is assigned as the service does
    (``OXY-<year>-<id>``) unless one is given.
    """

    class Meta:
        model = Order
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    channel = Order.Channel.RESELLER
    payment_method = Order.PaymentMethod.ON_ACCOUNT
    delivery_name = DELIVERY.name
    delivery_line1 = DELIVERY.line1
    delivery_postcode = DELIVERY.postcode
    delivery_city = DELIVERY.city
    submission_key = factory.Sequence(lambda n: f"order-{n}")
    placed_at = factory.LazyFunction(timezone.now)
    total_excl_vat = Decimal("24.90")
    total_vat = factory.LazyAttribute(
        lambda o: money(Decimal(o.total_excl_vat) * 20 / 100)
    )
    total_incl_vat = factory.LazyAttribute(
        lambda o: Decimal(o.total_excl_vat) + Decimal(o.total_vat)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        order = super()._create(model_class, *args, **kwargs)
        if order.number is None:
            order_number_assign(order)
        # As the placing services do: the dashboards read the daily rows.
        sales_summary_refresh(sales_keys(order))
        return order

    @factory.post_generation
    def lines(order, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            excl, vat = Decimal(order.total_excl_vat), Decimal(order.total_vat)
            rate = vat * 100 / excl if excl else Decimal(0)
            product = ProductFactory(unit_price=excl, vat_rate=rate.quantize(CENT))
            _order_lines_write(order, [(product, 1)])
            return
        lines = _order_lines_write(order, extracted)
        vat = vat_by_rate((line.vat_rate, line.total_excl_vat) for line in lines)
        order.total_excl_vat = sum(
            (line.total_excl_vat for line in lines), Decimal("0.00")
        )
        order.total_vat = sum(vat.values(), Decimal("0.00"))
        order.total_incl_vat = order.total_excl_vat + order.total_vat
        order.save(update_fields=["total_excl_vat", "total_vat", "total_incl_vat"])
        sales_summary_refresh(sales_keys(order))


def _order_lines_write(order: Order, items) -> list[OrderLine]:
    return OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=product,
            product_reference=product.reference,
            product_name=product.name,
            quantity=quantity,
            unit_price=product.unit_price,
            vat_rate=product.vat_rate,
        )
        for product, quantity in items
    )


class ShipmentFactory(factory.django.DjangoModelFactory):
    """A parcel carrying every unit of its order still to ship, written
    straight: no stock leaves, no e-mail goes (``shipping_services.shipment_create``
    does both). A new order comes shipped; a given one keeps its status.

    ``lines={order_line_id: quantity}`` ships only those units.
    """

    class Meta:
        model = Shipment
        skip_postgeneration_save = True

    order = factory.SubFactory(OrderFactory, status=Order.Status.SHIPPED)
    carrier = factory.SubFactory(CarrierFactory)
    tracking_number = factory.Sequence(lambda n: f"6A{100000 + n}")
    shipped_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def lines(shipment, create, extracted, **kwargs):
        if not create:
            return
        quantities = extracted or {
            line.pk: line.quantity_to_ship for line in shipment.order.lines.all()
        }
        ShipmentLine.objects.bulk_create(
            ShipmentLine(shipment=shipment, order_line_id=pk, quantity=quantity)
            for pk, quantity in quantities.items()
            if quantity
        )
        for pk, quantity in quantities.items():
            OrderLine.objects.filter(pk=pk).update(
                quantity_shipped=F("quantity_shipped") + quantity
            )
