"""Availability: what is in stock, where, and when the next restock comes."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    F,
    Min,
    Q,
    QuerySet,
)

from accounts.network.models import User
from accounts.network.rights import may
from ordering.catalogue.models import Compatibility, Product
from ordering.stock.models import StockLevel, Warehouse
from portal.folding import folded_words_in


def can_see_stock(user: User | AnonymousUser) -> bool:
    """Who orders checks availability: owners, buyers and the call center."""
    return may(user, "stock.view")


class Availability:
    IN_STOCK = "in_stock"
    LOW = "low"
    OUT = "out"
    # Low or out: the managers' stock alerts.
    ALERT = "alert"


def with_availability(products: QuerySet[Product]) -> QuerySet[Product]:
    """Annotate each product with ``available``: units on hand, not reserved,
    over every warehouse, as the database keeps it on the product (no sum)."""
    return products.annotate(available=F("stock_available"))


def availability_of(product: Product) -> str:
    """In stock, low or out, from an annotated ``available``."""
    return _state(product.available, product.low_stock_threshold)


def _state(available: int, low_stock_threshold: int) -> str:
    if available <= 0:
        return Availability.OUT
    if available <= low_stock_threshold:
        return Availability.LOW
    return Availability.IN_STOCK


@dataclass(frozen=True)
class ProductStock:
    """One product over every warehouse: in stock, low or out, the units
    available now and the next restock date."""

    state: str
    available: int
    restock: date | None


def stock_of(products: Iterable[Product]) -> dict[int, ProductStock]:
    """Each product's stock over every warehouse, in one query however many
    products a page lists with a quantity to order."""
    products = list(products)
    levels: dict[int, list[StockLevel]] = defaultdict(list)
    for level in StockLevel.objects.filter(product__in=[p.pk for p in products]):
        levels[level.product_id].append(level)
    stock = {}
    for product in products:
        available = sum(level.available for level in levels[product.pk])
        stock[product.pk] = ProductStock(
            state=_state(available, product.low_stock_threshold),
            available=available,
            restock=next_restock(levels[product.pk]),
        )
    return stock


def stock_search(
    *, query: str = "", kind: str = "", availability: str = ""
) -> QuerySet[Product]:
    """Active products found by reference, name, or an appliance they fit.

    "AquaPure 300" lists the appliance and every consumable and spare part of
    the compatibility table that fits it. The words of a name are found in
    any order, case and accents aside ("prefiltre" finds "Préfiltre").
    """
    products = Product.objects.filter(is_active=True)
    query = query.strip()
    if query:
        by_name = folded_words_in("name_folded", query)
        appliances = Product.objects.filter(
            by_name | Q(reference__iexact=query), kind=Product.Kind.APPLIANCE
        )
        fits = Compatibility.objects.filter(appliance__in=appliances)
        found = Product.objects.filter(Q(reference__icontains=query) | by_name)
        # A UNION, not an OR beside a sub-query: PostgreSQL then reads the
        # trigram indexes of the name and reference (a bitmap OR), not every
        # product.
        products = products.filter(
            pk__in=found.order_by()
            .values("pk")
            .union(fits.order_by().values("part_id"))
        )
    if kind:
        products = products.filter(kind=kind)
    if not availability:
        # The page works the availability out from the rows it shows; counting
        # needs no aggregate over every stock level.
        return products.order_by("kind", "reference")
    products = with_availability(products)
    if availability == Availability.OUT:
        products = products.filter(available__lte=0)
    elif availability == Availability.LOW:
        products = products.filter(
            available__gt=0, available__lte=F("low_stock_threshold")
        )
    elif availability == Availability.ALERT:
        products = products.filter(available__lte=F("low_stock_threshold"))
    elif availability == Availability.IN_STOCK:
        products = products.filter(available__gt=0)
    return products.order_by("kind", "reference")


def stock_by_warehouse(
    products: Iterable[Product],
) -> tuple[list[Warehouse], dict[int, dict[int, StockLevel]]]:
    """The warehouses, and each product's stock level per warehouse."""
    warehouses = list(Warehouse.objects.all())
    levels: dict[int, dict[int, StockLevel]] = defaultdict(dict)
    for level in StockLevel.objects.filter(product__in=[p.pk for p in products]):
        levels[level.product_id][level.warehouse_id] = level
    return warehouses, levels


def next_restock(levels: Iterable[StockLevel]) -> date | None:
    dates = [level.restock_date for level in levels if level.restock_date]
    return min(dates) if dates else None


def restock_dates(product_ids: Iterable[int]) -> dict[int, date]:
    """The next expected restock date of each product that has one, over
    every warehouse, in one query."""
    rows = (
        StockLevel.objects.filter(
            product__in=list(product_ids), restock_date__isnull=False
        )
        .values("product_id")
        .annotate(next=Min("restock_date"))
    )
    return {row["product_id"]: row["next"] for row in rows}
