"""The header search: fault codes, technical sheets, manuals and products.

Which pages match a query is kept in the cache until the documentation
changes; see pages.search for how words and fault codes are prepared.
"""

import difflib
import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    Aggregate,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.urls import reverse
from wagtail.models import Page

from ordering.catalogue.models import Product
from pages.cache import documentation_version
from pages.models import (
    ConsumablesTablePage,
    FaultCodeIndexPage,
    FaultCodePage,
    ManualPage,
    TechnicalSheetPage,
)
from pages.models.listings import documentation_pages
from pages.search import (
    STOP_WORDS,
    WORD,
    fault_code_normalise,
    fold,
    query_terms,
    stems_of,
    title_without_code,
)
from portal import folding


def documentation_shortcuts() -> dict:
    """The fault code list and the consumables table, to browse from."""
    return {
        "fault_code_index": FaultCodeIndexPage.objects.live().first(),
        "consumables_page": ConsumablesTablePage.objects.live().first(),
    }


# How many of the freshest matching pages are ranked for the grouped results.
SEARCH_CANDIDATES = 300
SEARCH_MODELS = {
    "fault_codes": FaultCodePage,
    "sheets": TechnicalSheetPage,
    "manuals": ManualPage,
}
_PAGE_RESULT_FIELDS = ("title", "url_path", "last_published_at")
_APPLIANCE_FIELDS = ("appliance__name", "appliance__reference")
SEARCH_RESULT_FIELDS = {
    "fault_codes": (
        *_PAGE_RESULT_FIELDS,
        "code",
        "technician_required",
        "resolution_steps",
    ),
    "sheets": (*_PAGE_RESULT_FIELDS, *_APPLIANCE_FIELDS),
    "manuals": (*_PAGE_RESULT_FIELDS, *_APPLIANCE_FIELDS),
}


def _full_text(pages, terms: list[str]):
    """Pages holding every term, newest first, as a plain queryset.

    Wagtail's relevance ordering runs one bm25 sub-query per match on SQLite
    (300 ms on the large set); we keep the one full-text pass and rank by
    title ourselves instead. The search backend's own queryset is used as a
    sub-query: on PostgreSQL its rows carry each page's search vector, 1 MB
    for 300 pages, which only the match needs.
    """
    results = pages.search(" ".join(terms), operator="and", order_by_relevance=False)
    matching = results.get_queryset().values("pk")
    return pages.filter(pk__in=matching).order_by("-last_published_at", "-id")


@lru_cache(maxsize=20_000)
def _title_stems(title: str) -> frozenset[str]:
    # The same titles come back in search after search.
    return frozenset(stems_of(title))


def _ranked(rows: list[tuple[int, str, int]], terms: list[str]) -> list[tuple]:
    """(pk, title, content type) rows: a title that holds every word first,
    then the freshest (the order they come in)."""
    wanted = set(terms)
    return sorted(rows, key=lambda row: not wanted <= _title_stems(row[1]))


def _documentation_match_ids(terms: list[str], limit: int) -> dict[str, list[int]]:
    """Ids of up to ``limit`` pages of each kind, in one full-text search."""
    chosen: dict[str, list[int]] = {kind: [] for kind in SEARCH_MODELS}
    if not terms:
        return chosen
    # Rows, not pages: building hundreds of Page objects cost more than the
    # search itself.
    candidates = _full_text(
        Page.objects.live()
        .type(*SEARCH_MODELS.values())
        .values_list("pk", "title", "content_type_id"),
        terms,
    )[:SEARCH_CANDIDATES]
    kind_of = {
        ContentType.objects.get_for_model(model).pk: kind
        for kind, model in SEARCH_MODELS.items()
    }
    for pk, _title, content_type_id in _ranked(list(candidates), terms):
        ids = chosen[kind_of[content_type_id]]
        if len(ids) < limit:
            ids.append(pk)
    return chosen


class _JoinedNames(Aggregate):
    """Names in one column, separated by ``NAME_SEPARATOR``: ``GROUP_CONCAT``
    on SQLite, ``STRING_AGG`` on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(NAME_SEPARATOR), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="STRING_AGG", **extra_context
        )


# A character no product name holds.
NAME_SEPARATOR = "\x1f"


def _with_appliance_names(codes: QuerySet[FaultCodePage]) -> QuerySet[FaultCodePage]:
    """Fault codes with ``appliance_names``, the names of the appliances each
    applies to, read in the same query: two E12 are told apart."""
    names = (
        FaultCodePage.appliances.through.objects.filter(faultcodepage_id=OuterRef("pk"))
        .order_by()
        .values("faultcodepage_id")
        .annotate(names=_JoinedNames("product__name"))
        .values("names")
    )
    return codes.annotate(appliance_names=Subquery(names))


def _search_pages(kind: str) -> QuerySet[Page]:
    model = SEARCH_MODELS[kind]
    pages = model.objects.live()
    if hasattr(model, "appliance"):
        pages = pages.select_related("appliance")
    if model is FaultCodePage:
        pages = _with_appliance_names(pages)
    return pages


def _pages_in_order(kind: str, ids: list[int]) -> list[Page]:
    if not ids:
        return []
    # Only what a result shows: a page row has some forty columns, and
    # building the query for all of them cost more than running it.
    pages = _search_pages(kind).only(*SEARCH_RESULT_FIELDS[kind])
    by_pk = pages.in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def products_matching(*, query: str) -> QuerySet[Product]:
    """Active products whose reference is typed, or whose name has every word."""
    query = query.strip()
    products = Product.objects.filter(is_active=True)
    if not query:
        return products.none()
    by_name = Q()
    for word in query.split():
        if fold(word) in STOP_WORDS:
            continue
        # The word as typed, accents aside ("prefiltre" finds "Préfiltre"),
        # or its stem for plurals ("filtres").
        matches = Q(name_folded__contains=folding.fold(word))
        for stem in stems_of(word):
            matches |= Q(name_folded__contains=stem)
        by_name &= matches
    return products.filter(
        Q(reference__iexact=query) | Q(reference__istartswith=query) | by_name
    ).order_by("kind", "name", "pk")


# The same searches come back all day (E12, "fuite"): what they found is kept
# until the documentation or the catalogue changes (see pages.cache).
SEARCH_CACHE_SECONDS = 10 * 60


def _search_ids(query: str, limit: int) -> dict[str, list[int]]:
    found = _documentation_match_ids(query_terms(query), limit)
    code = fault_code_normalise(query)
    if code:
        # The code typed comes first, whatever the words matched.
        exact = list(
            FaultCodePage.objects.live()
            .filter(code=code)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        others = [pk for pk in found["fault_codes"] if pk not in exact]
        found["fault_codes"] = (exact + others)[:limit]
    found["products"] = list(
        products_matching(query=query).values_list("pk", flat=True)[:limit]
    )
    return found


def documentation_search(*, query: str, limit: int = 5) -> dict[str, list]:
    """Fault codes, technical sheets, manuals and products matching ``query``.

    A typed fault code comes first whatever its spelling; each list holds up
    to ``limit`` results plus one, so callers know whether there are more.
    Which results match is cached per query and documentation version; the
    results themselves are read afresh.
    """
    key = "pages:search:{}:{}:{}".format(
        documentation_version(),
        limit,
        hashlib.sha256(" ".join(query.casefold().split()).encode()).hexdigest(),
    )
    found = cache.get(key)
    if found is None:
        ids = _search_ids(query, limit + 1)
        found = {
            kind: [search_result(kind, p) for p in _pages_in_order(kind, ids[kind])]
            for kind in SEARCH_MODELS
        }
        products = Product.objects.filter(is_active=True).in_bulk(ids["products"])
        found["products"] = [
            search_result("products", products[pk])
            for pk in ids["products"]
            if pk in products
        ]
        cache.set(key, found, SEARCH_CACHE_SECONDS)
    return found


@dataclass(frozen=True)
class SearchResult:
    """What a search result shows; kept in the cache with what a query found.

    Everything it holds is covered by the documentation version (pages,
    appliances, products, the site), so a cached result is never stale.
    """

    kind: str
    pk: int
    title: str
    url: str
    code: str = ""
    technician_required: bool = False
    first_step_title: str = ""
    # A fault code's appliances, by name.
    appliance_names: tuple[str, ...] = ()
    appliance_name: str = ""
    last_published_at: datetime | None = None
    reference: str = ""
    product_kind: str = ""

    @property
    def heading(self) -> str:
        """The title, without the fault code it may repeat ("E12 — Fuite")."""
        return title_without_code(self.title, self.code) if self.code else self.title

    @property
    def product_kind_label(self) -> str:
        # Translated when shown, not when cached.
        return Product.Kind(self.product_kind).label if self.product_kind else ""


def _appliance_names(code: FaultCodePage) -> tuple[str, ...]:
    # Annotated by _with_appliance_names; None for a code of no appliance.
    names = (code.appliance_names or "").split(NAME_SEPARATOR)
    return tuple(sorted(name for name in names if name))


def search_result(kind: str, obj) -> SearchResult:
    """The result row of a page or product found by the search."""
    if kind == "products":
        return SearchResult(
            kind=kind,
            pk=obj.pk,
            title=obj.name,
            url=reverse("product", args=[obj.reference]),
            reference=obj.reference,
            product_kind=obj.kind,
        )
    return SearchResult(
        kind=kind,
        pk=obj.pk,
        title=obj.title,
        url=obj.url,
        code=getattr(obj, "code", ""),
        technician_required=getattr(obj, "technician_required", False),
        first_step_title=obj.first_step_title if kind == "fault_codes" else "",
        appliance_names=_appliance_names(obj) if kind == "fault_codes" else (),
        appliance_name=obj.appliance.name if hasattr(obj, "appliance") else "",
        last_published_at=obj.last_published_at,
    )


SEARCH_KINDS = ("fault_codes", "sheets", "manuals", "products")
VOCABULARY_CACHE_KEY = "pages:search-vocabulary"


def search_all(*, query: str, kind: str):
    """Every result of one kind, for the "show all" page (paginated by callers)."""
    terms = query_terms(query)
    if kind == "products":
        return products_matching(query=query)
    if not terms:
        return SEARCH_MODELS[kind].objects.none()
    return _full_text(_search_pages(kind), terms)


def _vocabulary() -> list[str]:
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        found: set[str] = set(
            c.lower()
            for c in FaultCodePage.objects.live().values_list("code", flat=True)
        )
        names = Product.objects.filter(is_active=True).values_list("name", flat=True)
        for name in names.iterator():
            found.update(w for w in WORD.findall(fold(name)) if len(w) >= 4)
        titles = documentation_pages().values_list("title", flat=True)
        for title in titles.iterator():
            found.update(w for w in WORD.findall(fold(title)) if len(w) >= 4)
        words = sorted(found)
        cache.set(VOCABULARY_CACHE_KEY, words, 600)
    return words


def search_suggestions(*, query: str) -> str:
    """A corrected query built from the closest known words, or "" if none."""
    vocabulary = _vocabulary()
    known = set(vocabulary)
    corrected, changed = [], False
    for word in WORD.findall(fold(query)):
        if word in known or word in STOP_WORDS or word.isdigit():
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.7)
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else ""
