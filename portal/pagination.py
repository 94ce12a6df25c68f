"""Pages of a list whose count stops at a bound.

Counting every match of a search costs as much as reading them: on a reseller
with thousands of orders, a word found in most of them. Past ``SEARCH_BOUND``
rows the list says "more than 1,000 results" and its pages stop there; an
unfiltered list keeps its exact count, cheap through its index.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Rows a search counts at most (one more tells that there are more).
SEARCH_BOUND = 1_000


class BoundedPaginator(Paginator):
    """A ``Paginator`` that counts at most ``bound`` + 1 rows, in one
    ``COUNT`` over a ``LIMIT``; ``bound=None`` counts them all."""

    def __init__(self, object_list, per_page, *, bound: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound

    @cached_property
    def _found(self) -> int:
        if self.bound is None:
            return super().count
        # No ORDER BY: which rows make up the bound does not change the count.
        return self.object_list.order_by()[: self.bound + 1].count()

    @cached_property
    def exceeds(self) -> bool:
        """More rows than the bound: the count shown is "more than"."""
        return self.bound is not None and self._found > self.bound

    @cached_property
    def count(self) -> int:
        return self.bound if self.exceeds else self._found


def search_bound(query: str) -> int | None:
    """The bound of a list searched for ``query``; none for a list unsearched."""
    return SEARCH_BOUND if query.strip() else None
