from django.conf import settings

from ordering.selectors import can_order
from pages.selectors import can_read_documentation


def portal(request):
    """Who is signed in, for the header, and the support contacts for every page."""
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "current_organisation": membership.organisation if membership else None,
        "user_can_order": can_order(request.user),
        "user_can_search": can_read_documentation(request.user),
        "support_email": settings.PORTAL_SUPPORT_EMAIL,
        "support_phone": settings.PORTAL_SUPPORT_PHONE,
    }
