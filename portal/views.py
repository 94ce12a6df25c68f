from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.network.rights import may, may_any, opens_admin
from pages.models.listings import documentation_changes
from pages.search import fault_code_normalise
from pages.search_selectors import (
    SEARCH_KINDS,
    documentation_search,
    documentation_shortcuts,
    search_all,
    search_result,
    search_suggestions,
)

WHATS_NEW_SHOWN = 6


@dataclass(frozen=True)
class Tile:
    """A way in from the home page, shown to whoever holds one of its rights."""

    rights: tuple[str, ...]
    url: Callable[[HttpRequest], str]
    title: str
    text: str


def _to(name: str) -> Callable[[HttpRequest], str]:
    return lambda request: reverse(name)


HOME_TILES = [
    Tile(
        ("dashboard.view_network",),
        _to("staff_dashboard"),
        _("Dashboard"),
        _(
            "Sales by channel and reseller, stock alerts, callback promises kept, "
            "documentation to review."
        ),
    ),
    Tile(
        ("dashboard.view_own",),
        _to("reseller_dashboard"),
        _("My dashboard"),
        _("Orders, credited sales, installations and callbacks of your organisation."),
    ),
    Tile(
        ("customers.view_network",),
        _to("customer_list"),
        _("Customers"),
        _(
            "Find a customer by name, email, phone or town; export or erase their "
            "data on request."
        ),
    ),
    Tile(
        ("callbacks.view_network",),
        _to("callback_queue"),
        _("Callbacks"),
        _(
            "The queue of customers to call back, soonest due first; overdue ones "
            "stand out."
        ),
    ),
    Tile(
        ("orders.view_own", "orders.view_network"),
        _to("orders"),
        _("Orders and tracking"),
        _("Place orders, pay by card or on account, follow each shipment."),
    ),
    Tile(
        ("stock.view",),
        _to("stock"),
        _("Stock"),
        _("Availability per warehouse and expected restock dates."),
    ),
    Tile(
        ("documentation.read",),
        _to("documentation"),
        _("Documentation"),
        _("Technical sheets, manuals, fault codes and their resolution."),
    ),
    Tile(
        ("installations.view_own",),
        _to("installations"),
        _("Customer installations"),
        _("Record an installation and share it with the customer."),
    ),
    Tile(
        ("installations.view_network",),
        _to("installations"),
        _("Installations"),
        _("Every installation recorded by the network, with its maintenance schedule."),
    ),
    Tile(
        ("resellers.manage",),
        _to("organisation_list"),
        _("Resellers"),
        _("Find a reseller, see its team, invite its members, suspend it."),
    ),
    Tile(
        ("team.manage_own",),
        lambda request: reverse("team", args=[request.membership.organisation.slug]),
        _("My team"),
        _("Invite colleagues, change their role, remove those who left."),
    ),
]


def home_tiles(request: HttpRequest) -> list[dict]:
    """The home page's ways in: only to pages the person may open."""
    tiles = [
        {"url": tile.url(request), "title": tile.title, "text": tile.text}
        for tile in HOME_TILES
        if may_any(request.user, *tile.rights)
    ]
    if opens_admin(request.user):
        tiles.append(
            {
                "url": reverse("wagtailadmin_home"),
                "title": _("Administration"),
                "text": _(
                    "Documentation, media and staff screens in the Wagtail admin."
                ),
            }
        )
    return tiles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where everybody lands after login, with a way in to each part they may
    open; customers go to their space."""
    if may(request.user, "customer_space.use"):
        return redirect("customer_home")
    return render(
        request,
        "portal/home.html",
        {
            "membership": request.membership,
            "tiles": home_tiles(request),
            "active_tab": "home",
            "changes": documentation_changes()[:WHATS_NEW_SHOWN]
            if may(request.user, "documentation.read")
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
