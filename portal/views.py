from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.selectors import customer_of
from pages.search import fault_code_normalise
from pages.selectors import (
    SEARCH_KINDS,
    can_read_documentation,
    documentation_changes,
    documentation_search,
    documentation_shortcuts,
    search_all,
    search_result,
    search_suggestions,
)

WHATS_NEW_SHOWN = 6


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where everybody lands after login: the reseller space or the staff desk."""
    if request.user.is_staff:
        return render(request, "portal/staff_home.html", {"active_tab": "home"})
    if request.membership is None and customer_of(request.user) is not None:
        return redirect("customer_home")
    return render(
        request,
        "portal/reseller_home.html",
        {
            "membership": request.membership,
            "active_tab": "home",
            "changes": documentation_changes()[:WHATS_NEW_SHOWN]
            if can_read_documentation(request.user)
            else [],
        },
    )


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
    if not can_read_documentation(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    context = {"query": query, "active_tab": "search"}
    if not query:
        return render(request, "portal/search.html", context)
    if kind in SEARCH_KINDS:
        results = Paginator(search_all(query=query, kind=kind), SEARCH_PAGE_SIZE)
        page = results.get_page(request.GET.get("page"))
        page.object_list = [search_result(kind, obj) for obj in page.object_list]
        context.update(kind=kind, results=page)
        return render(request, "portal/search.html", context)
    groups = documentation_search(query=query, limit=SEARCH_RESULTS_PER_GROUP)
    codes = groups["fault_codes"]
    code = fault_code_normalise(query)
    # A fault code typed alone opens its page: the reseller is looking at it.
    if (
        code
        and len(codes) == 1
        and codes[0].code == code
        and not request.GET.get("all")
    ):
        return redirect(codes[0].url + "?from_search=" + quote(query))
    # Whoever may search may also check stock, so products are always listed.
    context["sections"] = [
        {
            "kind": kind,
            "label": SEARCH_GROUP_LABELS[kind],
            "results": groups[kind][:SEARCH_RESULTS_PER_GROUP],
            "more": len(groups[kind]) > SEARCH_RESULTS_PER_GROUP,
        }
        for kind in SEARCH_KINDS
        if groups[kind]
    ]
    if not context["sections"]:
        context["suggestion"] = search_suggestions(query=query)
        context.update(documentation_shortcuts())
    return render(request, "portal/search.html", context)
