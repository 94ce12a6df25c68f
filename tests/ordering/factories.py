from decimal import Decimal

import factory

from ordering.models import (
    Carrier,
    Compatibility,
    PriceList,
    PriceListEntry,
    Product,
    StockLevel,
    Warehouse,
)


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
