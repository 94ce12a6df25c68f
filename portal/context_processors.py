from django.conf import settings

from accounts.selectors import customer_of
from ordering.selectors import can_order
from pages.selectors import can_read_documentation


def portal(request):
    """Who is signed in, for the header, and the support contacts for every page."""
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    # Customers have no membership; staff and resellers never need the query.
    is_customer = (
        user is not None
        and user.is_authenticated
        and not user.is_staff
        and membership is None
        and customer_of(user) is not None
    )
    return {
        "current_membership": membership,
        "is_customer": is_customer,
        "current_organisation": membership.organisation if membership else None,
        "user_can_order": can_order(request.user),
        "user_can_search": can_read_documentation(request.user),
        "support_email": settings.PORTAL_SUPPORT_EMAIL,
        "support_phone": settings.PORTAL_SUPPORT_PHONE,
    }
