"""Products with their price for the caller and their stock per warehouse."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.catalogue.models import Product
from ordering.catalogue.selectors import (
    appliances_fitted_by,
    compatible_parts,
    unit_prices,
)
from ordering.orders.selectors import can_order, order_organisation
from ordering.stock.selectors import (
    availability_of,
    can_see_stock,
    next_restock,
    stock_by_warehouse,
    stock_search,
)
from portal.api.access import visible_organisation
from portal.api.pagination import PortalPagination
from portal.api.schemas import (
    ErrorOut,
    PriceFilters,
    ProductDetailOut,
    ProductFilters,
    ProductOut,
    Text,
)

router = Router(tags=["Products and stock"])


def _require_stock(user: User) -> None:
    if not can_see_stock(user):
        raise HttpError(
            403, _("Stock is shown to the owners and buyers of an active reseller.")
        )


def _price_organisation(user: User, slug: str | None) -> Organisation | None:
    """Whose prices apply: a reseller's own; for the call center, the reseller
    they name (none: catalogue prices)."""
    if may(user, "orders.place_for_customers"):
        return visible_organisation(user, slug) if slug else None
    return order_organisation(user)


def _rows(
    request: HttpRequest, products: list[Product], *, filters: PriceFilters
) -> list[dict]:
    """Each product with its price, availability and stock per warehouse:
    a fixed number of queries for the whole page."""
    warehouses, levels = stock_by_warehouse(products)
    prices = (
        unit_prices(
            organisation=_price_organisation(request.user, filters.organisation),
            products=products,
        )
        if can_order(request.user)
        else {}
    )
    rows = []
    for product in products:
        product_levels = levels.get(product.pk, {})
        product.available = sum(level.available for level in product_levels.values())
        rows.append(
            {
                "reference": product.reference,
                "name": product.name,
                "kind": product.kind,
                "unit_price_excl_vat": prices.get(product.pk),
                "vat_rate": product.vat_rate,
                "availability": availability_of(product),
                "available": product.available,
                "next_restock": next_restock(product_levels.values()),
                "stock": _stock(warehouses, product_levels),
            }
        )
    return rows


def _stock(warehouses, levels: dict) -> list[dict]:
    """The product's stock in every warehouse, those without any included."""
    return [
        {
            "warehouse": warehouse.code,
            "name": warehouse.name,
            "available": level.available if level else 0,
            "restock_date": level.restock_date if level else None,
            "restock_quantity": level.restock_quantity if level else None,
        }
        for warehouse in warehouses
        for level in [levels.get(warehouse.pk)]
    ]


@router.get(
    "",
    response={200: list[ProductOut], 403: ErrorOut, 404: ErrorOut},
    summary="List products with price and availability",
)
@paginate(PortalPagination, rows=_rows)
def product_list(request: HttpRequest, filters: Query[ProductFilters]):
    """Active products, by kind then reference; ``q`` finds an appliance's
    consumables and parts too, as on the stock page."""
    _require_stock(request.user)
    _price_organisation(request.user, filters.organisation)  # unknown: 404
    return stock_search(query=filters.q, kind=filters.kind or "")


@router.get(
    "/{reference}",
    response={200: ProductDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One product with its stock per warehouse",
)
def product_get(
    request: HttpRequest,
    reference: Path[Text],
    filters: Query[PriceFilters],
):
    """Its compatible parts, or the appliances it fits, come along."""
    _require_stock(request.user)
    product = Product.objects.filter(is_active=True, reference=reference).first()
    if product is None:
        raise HttpError(
            404, _("No product %(reference)s is sold.") % {"reference": reference}
        )
    row = _rows(request, [product], filters=filters)[0]
    if product.is_appliance:
        row["compatible_parts"] = [c.part.reference for c in compatible_parts(product)]
        row["fits"] = []
    else:
        row["compatible_parts"] = []
        row["fits"] = [a.reference for a in appliances_fitted_by(product)]
    row["description"] = product.description
    return row
