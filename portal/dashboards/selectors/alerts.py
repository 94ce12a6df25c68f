"""What needs a manager's eye: products short of stock, documentation to review."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Count,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.utils import timezone

from ordering.catalogue.models import Product
from ordering.stock.models import StockLevel
from pages.models.listings import documentation_not_reviewed


@dataclass(frozen=True)
class StockAlert:
    product: Product
    available: int
    next_restock: date | None

    @property
    def is_out(self) -> bool:
        return self.available <= 0


@dataclass(frozen=True)
class StockAlerts:
    out: int
    low: int
    shown: list[StockAlert]

    @property
    def total(self) -> int:
        return self.out + self.low


def stock_alerts(*, limit: int = 15, today: date | None = None) -> StockAlerts:
    """Active products out of stock or low (available at or below their
    threshold) over every warehouse, as the stock tab shows them; the first
    ``limit`` (out of stock first, then fewest available), each with its
    next restock date from today. Two queries, both on the partial index of
    the short products (``product_stock_short_idx``): no stock level summed."""
    today = today or timezone.localdate()
    products = Product.objects.filter(
        is_active=True, stock_available__lte=F("low_stock_threshold")
    ).annotate(available=F("stock_available"))
    counts = products.aggregate(
        out=Count("pk", filter=Q(stock_available__lte=0)),
        low=Count("pk", filter=Q(stock_available__gt=0)),
    )
    # A sub-query: a filter on the summed join would drop the stock levels
    # without a restock date from the sum.
    restock = (
        StockLevel.objects.filter(product=OuterRef("pk"), restock_date__gte=today)
        .order_by()
        .values("product")
        .annotate(first=Min("restock_date"))
        .values("first")
    )
    shown = products.annotate(next_restock=Subquery(restock)).order_by(
        "stock_available", "reference"
    )[:limit]
    return StockAlerts(
        out=counts["out"],
        low=counts["low"],
        shown=[
            StockAlert(
                product=product,
                available=product.available,
                next_restock=product.next_restock,
            )
            for product in shown
        ],
    )


@dataclass(frozen=True)
class PageToReview:
    pk: int
    title: str
    kind: str
    last_published_at: datetime


@dataclass(frozen=True)
class DocumentationToReview:
    count: int
    shown: list[PageToReview]


def documentation_to_review(*, limit: int = 10) -> DocumentationToReview:
    """Documentation pages not published again for 12 months: how many, and
    the ``limit`` oldest. One query: each of the first rows carries the count
    of them all (a window over the whole result)."""
    pages = list(
        documentation_not_reviewed().annotate(found=Window(Count("pk")))[:limit]
    )
    return DocumentationToReview(
        count=pages[0].found if pages else 0,
        shown=[
            PageToReview(
                pk=page.pk,
                title=page.title,
                kind=str(page.specific_class._meta.verbose_name)
                if page.specific_class
                else "",
                last_published_at=page.last_published_at,
            )
            for page in pages
        ],
    )
