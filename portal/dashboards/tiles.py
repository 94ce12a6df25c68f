"""The home page's ways in: a tile for each part of the portal a person may open."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.network.rights import may_any, opens_admin


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
        ("invoices.view_own", "invoices.view_network"),
        _to("invoice_list"),
        _("Invoices"),
        _(
            "Invoices and credit notes to download (Factur-X), what is due and "
            "overdue, the statement of account."
        ),
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
