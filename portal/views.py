"""The header's search box (the home lives with the dashboards: its cards are
figures)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.network.rights import may
from pages.search import fault_code_normalise
from pages.search_selectors import (
    SEARCH_KINDS,
    documentation_search,
    documentation_shortcuts,
    search_all,
    search_result,
    search_suggestions,
)
from pages.services import search_miss_record

SEARCH_RESULTS_PER_GROUP = 5
SEARCH_PAGE_SIZE = 20
SEARCH_GROUP_LABELS = {
    "fault_codes": _("Fault codes"),
    "sheets": _("Technical sheets"),
    "manuals": _("Start-up manuals"),
    "products": _("Products"),
}


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The header's search box: fault codes, sheets, manuals and products."""
    if not may(request.user, "documentation.read"):
        raise Http404
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kinds = _search_kinds(request.user)
    context = {"query": query, "active_tab": "search"}
    if query and kind in kinds:
        context.update(kind=kind, results=_search_page(query, kind, request))
    elif query:
        groups = documentation_search(query=query, limit=SEARCH_RESULTS_PER_GROUP)
        # A fault code typed alone opens its page: the reseller is looking at it.
        exact = _exact_fault_code(groups["fault_codes"], query)
        if exact and not request.GET.get("all"):
            return redirect(exact.url + "?from_search=" + quote(query))
        context["sections"] = _search_sections(groups, kinds)
        if not context["sections"]:
            # Counted for the editors: the documentation lacks these words.
            search_miss_record(query=query)
            context["suggestion"] = search_suggestions(query=query)
            context.update(documentation_shortcuts())
    return render(request, "portal/search.html", context)


def _exact_fault_code(codes: list, query: str):
    """The one fault code found, when the query is that code and nothing else."""
    code = fault_code_normalise(query)
    if code and len(codes) == 1 and codes[0].code == code:
        return codes[0]
    return None


def _search_kinds(user) -> list[str]:
    # Products lead to their stock page: listed for those who may check stock.
    return [k for k in SEARCH_KINDS if k != "products" or may(user, "stock.view")]


def _search_page(query: str, kind: str, request: HttpRequest):
    """One kind of result, a page of SEARCH_PAGE_SIZE."""
    results = Paginator(search_all(query=query, kind=kind), SEARCH_PAGE_SIZE)
    page = results.get_page(request.GET.get("page"))
    page.object_list = [search_result(kind, obj) for obj in page.object_list]
    return page


def _search_sections(groups: dict, kinds: list[str]) -> list[dict]:
    """The first results of each kind that found something, in the kinds' order."""
    return [
        {
            "kind": kind,
            "label": SEARCH_GROUP_LABELS[kind],
            "results": groups[kind][:SEARCH_RESULTS_PER_GROUP],
            "more": len(groups[kind]) > SEARCH_RESULTS_PER_GROUP,
        }
        for kind in kinds
        if groups[kind]
    ]
