"""Who may do what through the API, and the 403 and 404 answers.

An object the caller may not see answers 404 exactly like one that does not
exist: the API never confirms that another organisation's order, shipment
or installation is there.
"""

from django.utils.translation import gettext as _
from ninja.errors import HttpError

from accounts.network.models import Organisation, User
from accounts.network.rights import may_any
from accounts.network.selectors import organisations_visible_to


def not_found(message: str) -> HttpError:
    return HttpError(404, message)


def require_any(user: User, *rights: str, message: str) -> None:
    """403 with ``message`` unless the user holds one of the rights."""
    if not may_any(user, *rights):
        raise HttpError(403, message)


def require_ordering(user: User) -> None:
    """403 unless the user may place orders, as on the cart."""
    require_any(
        user,
        "orders.place",
        message=_("Ordering is open to the owners and buyers of your organisation."),
    )


def require_orders(user: User) -> None:
    """403 unless the user may read orders, as on the orders tab."""
    require_any(
        user,
        "orders.view_own",
        "orders.view_network",
        message=_("Orders are shown to the owners and buyers of your organisation."),
    )


def visible_organisation(user: User, slug: str) -> Organisation:
    """An organisation the user may see, by its slug, or 404."""
    organisation = (
        organisations_visible_to(user)
        .select_related("price_list")
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise not_found(_("No organisation %(slug)s visible to you.") % {"slug": slug})
    return organisation
