from functools import cache, partial

from django.conf import settings

from accounts.network.rights import RightsOf, may, opens_admin, staff_role_labels
from ordering.orders.selectors import cart_line_count


def portal(request):
    """Who is signed in and what they may do, for the header and every page;
    the support contacts for every page."""
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "current_membership": membership,
        "is_customer": may(user, "customer_space.use"),
        "current_organisation": membership.organisation if membership else None,
        # ``rights.orders.view_own``: the rights table, asked by templates.
        "rights": RightsOf(user),
        # The Wagtail admin's door, and the staff roles for the header.
        "opens_admin": opens_admin(user),
        "staff_roles": staff_role_labels(user),
        "user_can_order": may(user, "orders.place"),
        # Counted only on pages that show the cart link, once per page.
        "cart_count": cache(partial(cart_line_count, user)),
        "user_can_search": may(user, "documentation.read"),
        "support_email": settings.PORTAL_SUPPORT_EMAIL,
        "support_phone": settings.PORTAL_SUPPORT_PHONE,
    }
