"""The stock tab and the product page: availability from ``ordering.stock``
with the prices of whom the user orders for (the call center's cart names a
customer), which is why they sit with the cart rather than in the stock room."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ordering.catalogue.models import Product
from ordering.catalogue.selectors import (
    appliances_fitted_by,
    compatible_parts,
    prefetch_thumbnails,
    unit_prices,
)
from ordering.orders.forms import StockSearchForm
from ordering.orders.selectors import (
    can_order,
    order_organisation,
    ordering_organisation_of,
    orders_visible_to,
    products_back_in_stock,
)
from ordering.orders.views.access import PAGE_SIZE, require_stock
from ordering.stock.selectors import (
    availability_of,
    next_restock,
    stock_by_warehouse,
    stock_search,
)
from portal.pagination import searched_page


def _stock_rows(request: HttpRequest, products: list[Product]) -> tuple[list, list]:
    """Each product with its state, stock per warehouse, price and picture."""
    warehouses, levels = stock_by_warehouse(products)
    prefetch_thumbnails(products)
    prices = (
        unit_prices(organisation=order_organisation(request.user), products=products)
        if can_order(request.user)
        else {}
    )
    rows = []
    for product in products:
        product_levels = levels.get(product.pk, {})
        if not hasattr(product, "available"):
            product.available = sum(lv.available for lv in product_levels.values())
        rows.append(
            {
                "product": product,
                "state": availability_of(product),
                "per_warehouse": [
                    (w, product_levels[w.pk].available if w.pk in product_levels else 0)
                    for w in warehouses
                ],
                "restock": next_restock(product_levels.values()),
                "price": prices.get(product.pk),
            }
        )
    return warehouses, rows


@login_required
def stock(request: HttpRequest) -> HttpResponse:
    require_stock(request)
    form = StockSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    products = stock_search(
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        availability=filters.get("availability", ""),
    )
    # "What you order" is a reseller's own orders: the call center has none.
    orders_for_organisation = ordering_organisation_of(request.user) is not None
    if orders_for_organisation and filters.get("back_in_stock"):
        back = products_back_in_stock(orders_visible_to(request.user))
        products = products.filter(pk__in=back.values("pk"))
    query = request.GET.get("q", "")
    page = searched_page(products, request, query=query, per_page=PAGE_SIZE)
    warehouses, rows = _stock_rows(request, list(page.object_list))
    return render(
        request,
        "ordering/stock.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "warehouses": warehouses,
            "can_order": can_order(request.user),
            "offers_back_in_stock": orders_for_organisation,
            "active_tab": "stock",
        },
    )


@login_required
def product(request: HttpRequest, reference: str) -> HttpResponse:
    require_stock(request)
    found = get_object_or_404(Product, is_active=True, reference=reference)
    compatibility = list(compatible_parts(found)) if found.is_appliance else None
    parts = [line.part for line in compatibility or []]
    # One stock and price read for the appliance and all its parts.
    warehouses, rows = _stock_rows(request, [found, *parts])
    if compatibility is not None:
        compatibility = list(zip(compatibility, rows[1:], strict=True))
    related = [] if found.is_appliance else list(appliances_fitted_by(found))
    return render(
        request,
        "ordering/product.html",
        {
            "product": found,
            "row": rows[0],
            "warehouses": warehouses,
            "related": related,
            "compatibility": compatibility,
            "can_order": can_order(request.user),
            "active_tab": "stock",
        },
    )
