"""Reads of the documentation shared by pages, views, the search and the admin."""

import difflib
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.contrib.auth.models import AnonymousUser
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
from django.utils import timezone
from wagtail.models import Page

from accounts.models import Organisation, User
from accounts.rights import may
from ordering.models import Compatibility, Product
from portal import folding

from .cache import documentation_version
from .models import (
    ConsumablesTablePage,
    DocumentationSubscription,
    FaultCodeIndexPage,
    FaultCodePage,
    ManualPage,
    TechnicalSheetPage,
    documentation_page_types,
)
from .search import (
    STOP_WORDS,
    WORD,
    fault_code_normalise,
    fold,
    query_terms,
    stems_of,
    title_without_code,
)

WHATS_NEW_DAYS = 30
REVIEW_AFTER_DAYS = 365


def can_read_documentation(user: User | AnonymousUser) -> bool:
    """Members of an active reseller and staff who work with it (call center,
    managers, editors, reviewers); customers get their own appliances'
    documents through their installation record instead."""
    return may(user, "documentation.read")


def documentation_pages() -> QuerySet[Page]:
    """Every live documentation page, as plain ``Page`` rows."""
    return Page.objects.live().type(*documentation_page_types())


def documentation_shortcuts() -> dict:
    """The fault code list and the consumables table, to browse from."""
    return {
        "fault_code_index": FaultCodeIndexPage.objects.live().first(),
        "consumables_page": ConsumablesTablePage.objects.live().first(),
    }


def documentation_changes(*, days: int = WHATS_NEW_DAYS) -> QuerySet[Page]:
    """Pages published in the last ``days`` days, newest first ("What's new")."""
    since = timezone.now() - timedelta(days=days)
    return (
        documentation_pages()
        .filter(last_published_at__gte=since)
        .select_related("content_type")
        .order_by("-last_published_at", "-pk")
    )


def documentation_not_reviewed(*, days: int = REVIEW_AFTER_DAYS) -> QuerySet[Page]:
    """Pages whose last publication (the last review) is older than ``days``."""
    before = timezone.now() - timedelta(days=days)
    return (
        documentation_pages()
        .filter(last_published_at__lt=before)
        .select_related("content_type")
        .order_by("last_published_at", "pk")
    )


@dataclass
class ApplianceDocs:
    appliance: Product
    sheet: TechnicalSheetPage | None = None
    manual: ManualPage | None = None


def appliances_documented(*, query: str = "") -> QuerySet[Product]:
    """Active appliances, by name, optionally filtered by name or reference."""
    appliances = Product.objects.filter(
        kind=Product.Kind.APPLIANCE, is_active=True
    ).order_by("name", "pk")
    for word in query.split():
        appliances = appliances.filter(
            Q(name_folded__contains=folding.fold(word)) | Q(reference__icontains=word)
        )
    return appliances


def appliance_docs(appliances: list[Product]) -> list[ApplianceDocs]:
    """Each appliance with its live technical sheet and manual (two queries)."""
    rows = {a.pk: ApplianceDocs(appliance=a) for a in appliances}
    for model, attr in ((TechnicalSheetPage, "sheet"), (ManualPage, "manual")):
        pages = (
            model.objects.live()
            .filter(appliance__in=list(rows))
            .defer_streamfields()
            .order_by("path")
        )
        for page in pages:
            if getattr(rows[page.appliance_id], attr) is None:
                setattr(rows[page.appliance_id], attr, page)
    return list(rows.values())


def technical_sheet_of(appliance: Product) -> TechnicalSheetPage | None:
    """The appliance's live technical sheet (its maintenance points), if any."""
    return (
        TechnicalSheetPage.objects.live()
        .filter(appliance=appliance)
        .order_by("path")
        .first()
    )


def manual_of(appliance: Product) -> ManualPage | None:
    """The appliance's live start-up manual, if any."""
    return (
        ManualPage.objects.live().filter(appliance=appliance).order_by("path").first()
    )


def fault_codes(
    *,
    query: str = "",
    appliance: Product | None = None,
    severity: str = "",
    technician_required: bool | None = None,
) -> QuerySet[FaultCodePage]:
    """Live fault codes by code, filtered as the fault code list offers."""
    codes = FaultCodePage.objects.live().defer_streamfields()
    code = fault_code_normalise(query)
    if code:
        codes = codes.filter(code=code)
    elif query:
        codes = codes.filter(Q(title__icontains=query) | Q(symptom__icontains=query))
    if appliance is not None:
        codes = codes.filter(appliances=appliance)
    if severity:
        codes = codes.filter(severity=severity)
    if technician_required is not None:
        codes = codes.filter(technician_required=technician_required)
    return codes.order_by("code", "pk")


def consumables_table(
    *, appliance: Product | None = None, kind: str = ""
) -> QuerySet[Compatibility]:
    """Appliance → part rows of the catalogue's compatibility table."""
    rows = Compatibility.objects.filter(
        appliance__is_active=True, part__is_active=True
    ).select_related("appliance", "part")
    if appliance is not None:
        rows = rows.filter(appliance=appliance)
    if kind:
        rows = rows.filter(part__kind=kind)
    return rows.order_by("appliance__name", "appliance_id", "part__kind", "part__name")


def subscribed_appliance_ids(*, user: User) -> set[int]:
    return set(
        DocumentationSubscription.objects.filter(user=user).values_list(
            "appliance_id", flat=True
        )
    )


def subscribers_of(*, appliances: list[Product]) -> QuerySet[User]:
    """Active reseller users subscribed to any of ``appliances``."""
    return (
        User.objects.filter(
            is_active=True,
            documentation_subscriptions__appliance__in=appliances,
            membership__organisation__status=Organisation.Status.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


# --- Search ------------------------------------------------------------------


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
