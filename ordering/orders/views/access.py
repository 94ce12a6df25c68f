"""Who may see stock, orders and the cart: asked first in every view, of the
rights table (``accounts.network.rights``)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.network.rights import may, may_any

PAGE_SIZE = 25


def require_ordering(request: HttpRequest) -> None:
    """The cart and checkout: owners and buyers, and the call center."""
    if not may(request.user, "orders.place"):
        raise PermissionDenied(
            _("Ordering is open to the owners and buyers of your organisation.")
        )


def require_orders(request: HttpRequest) -> None:
    """The orders tab: an organisation's owners and buyers, and the call center."""
    if not may_any(request.user, "orders.view_own", "orders.view_network"):
        raise PermissionDenied(
            _("Orders are shown to the owners and buyers of your organisation.")
        )


def require_stock(request: HttpRequest) -> None:
    if not may(request.user, "stock.view"):
        raise PermissionDenied(
            _("Stock is shown to the owners and buyers of an active reseller.")
        )
