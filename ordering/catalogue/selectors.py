"""Prices and compatibility: what a product costs an organisation, what fits what."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from wagtail.images import get_image_model

from accounts.network.models import Organisation
from ordering.catalogue.models import Compatibility, PriceListEntry, Product
from portal.money import money

# The product thumbnail beside its name in lists (shown at 48 px, drawn at
# twice that for sharp screens); the ``thumbnail`` tag asks for this spec.
THUMBNAIL_SPEC = "fill-96x96"


def prefetch_thumbnails(products: Iterable[Product]) -> None:
    """Loads the products' images with their thumbnail rendition: two queries
    for a whole list, none when no product has an image, so a list of
    products does not cost one query per row."""
    prefetch_related_objects(
        [product for product in products if product.image_id],
        Prefetch(
            "image",
            queryset=get_image_model().objects.prefetch_renditions(THUMBNAIL_SPEC),
        ),
    )


def unit_prices(
    *,
    organisation: Organisation | None,
    products: Iterable[Product],
    list_prices: Mapping[int, Decimal] | None = None,
) -> dict[int, Decimal]:
    """Each product's price for this organisation, excluding VAT.

    A specific price on the organisation's price list wins; otherwise the
    list's discount applies to the catalogue price; no list, catalogue price.
    ``list_prices`` are the list's specific prices for these products when
    the caller has them already (see ``cart_lines_of``).
    """
    products = list(products)
    price_list = organisation.price_list if organisation else None
    if price_list is None:
        return {p.pk: p.unit_price for p in products}
    if list_prices is not None:
        specific = dict(list_prices)
    else:
        specific = dict(
            PriceListEntry.objects.filter(
                price_list=price_list, product__in=[p.pk for p in products]
            ).values_list("product_id", "unit_price")
        )
    factor = (Decimal(100) - price_list.discount_percent) / Decimal(100)
    return {p.pk: specific.get(p.pk, money(p.unit_price * factor)) for p in products}


@dataclass
class QuoteLine:
    product: Product
    quantity: int
    unit_price: Decimal
    available: int | None = None

    @property
    def total_excl_vat(self) -> Decimal:
        return money(self.unit_price * self.quantity)

    @property
    def unit_price_incl_vat(self) -> Decimal:
        """What one unit costs an end customer, as they are told the price."""
        return money(self.unit_price * (1 + self.product.vat_rate / 100))

    @property
    def short_by(self) -> int:
        if self.available is None:
            return 0
        return max(self.quantity - self.available, 0)


@dataclass
class Quote:
    """Lines priced for an organisation, with VAT worked out per rate."""

    lines: list[QuoteLine]
    currency: str = "EUR"
    vat_by_rate: dict[Decimal, Decimal] = field(default_factory=dict)

    @property
    def total_excl_vat(self) -> Decimal:
        return sum((line.total_excl_vat for line in self.lines), Decimal("0.00"))

    @property
    def total_vat(self) -> Decimal:
        return sum(self.vat_by_rate.values(), Decimal("0.00"))

    @property
    def total_incl_vat(self) -> Decimal:
        return self.total_excl_vat + self.total_vat

    @property
    def has_shortage(self) -> bool:
        return any(line.short_by for line in self.lines)


def vat_by_rate(amounts: Iterable[tuple[Decimal, Decimal]]) -> dict[Decimal, Decimal]:
    """VAT per rate from (rate, amount excl. VAT) pairs, rounded once per rate,
    as on the invoice."""
    bases: dict[Decimal, Decimal] = defaultdict(Decimal)
    for rate, amount in amounts:
        bases[rate] += amount
    return {rate: money(base * rate / 100) for rate, base in sorted(bases.items())}


def quote(
    *,
    organisation: Organisation | None,
    items: Iterable[tuple[Product, int]],
    list_prices: Mapping[int, Decimal] | None = None,
) -> Quote:
    """Price the items; VAT is rounded once per rate, as on the invoice."""
    items = list(items)
    prices = unit_prices(
        organisation=organisation,
        products=[p for p, _ in items],
        list_prices=list_prices,
    )
    lines = [QuoteLine(p, quantity, prices[p.pk]) for p, quantity in items]
    vat = vat_by_rate((line.product.vat_rate, line.total_excl_vat) for line in lines)
    return Quote(lines=lines, vat_by_rate=vat)


def compatible_parts(appliance: Product) -> QuerySet[Compatibility]:
    """The consumables and spare parts of an appliance, from the one table."""
    return (
        Compatibility.objects.filter(appliance=appliance, part__is_active=True)
        .select_related("part")
        .order_by("part__kind", "part__reference")
    )


def appliances_fitted_by(part: Product) -> QuerySet[Product]:
    return Product.objects.filter(compatible_parts__part=part, is_active=True).order_by(
        "reference"
    )


def parts_fitting(appliance_ids: list[int]) -> QuerySet[Product]:
    """What is sold for these appliances, by name: the parts the call center
    offers first when it orders for a customer (whole rows, as they are priced
    and shown with their stock)."""
    return Product.objects.filter(
        is_active=True,
        pk__in=Compatibility.objects.filter(appliance__in=appliance_ids).values(
            "part_id"
        ),
    ).order_by("name")
