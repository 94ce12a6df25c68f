"""Who may see stock and who may order: checked first in every view."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ..selectors import (
    can_order,
    can_see_stock,
)

PAGE_SIZE = 25


def _require_ordering(request: HttpRequest) -> None:
    if not can_order(request.user):
        raise PermissionDenied(
            _("Ordering is open to the owners and buyers of your organisation.")
        )


def _require_stock(request: HttpRequest) -> None:
    if not can_see_stock(request.user):
        raise PermissionDenied(_("Stock is shown to members of an active reseller."))
