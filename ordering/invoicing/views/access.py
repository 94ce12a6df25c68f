"""Who may open the invoices tab: asked first, of the rights table."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.network.rights import may, may_any

PAGE_SIZE = 25


def require_invoices(request: HttpRequest) -> None:
    """Owners and buyers (their organisation's), the call center and managers."""
    if not may_any(request.user, "invoices.view_own", "invoices.view_network"):
        raise PermissionDenied(
            _("Invoices are shown to the owners and buyers of your organisation.")
        )


def invoices_tab(request: HttpRequest) -> str:
    """The tab to light: owners and buyers have an Invoices tab; staff reach
    the invoices from the orders tab (their row of tabs is full)."""
    return "invoices" if may(request.user, "invoices.view_own") else "orders"
