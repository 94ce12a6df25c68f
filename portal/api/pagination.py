"""Pages of 50 items (at most 200), counted, in the order the selector gives."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Far past any real list; a larger page number would overflow the OFFSET.
MAX_PAGE = 1_000_000


class PortalPagination(PageNumberPagination):
    """Ninja's page-number pagination, with a hook that builds each page's
    rows from the page's objects: the stock of 50 products is then read in
    one query, not one per product. The hook gets the request, the objects
    and the view's parameters."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Items on every page together.")
        page: int
        page_size: int

    def __init__(
        self,
        *,
        rows: Callable[..., list] | None = None,
        **kwargs: Any,
    ) -> None:
        self.rows = rows
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params
    ) -> dict:
        offset = (pagination.page - 1) * pagination.page_size
        items = list(queryset[offset : offset + pagination.page_size])
        if self.rows is not None:
            # The view's own parameters (its filters) come along.
            items = self.rows(request, items, **params)
        return {
            "items": items,
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }
