"""Per-request checks on who is signed in."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.network.rights import opens_admin
from accounts.network.selectors import membership_of, suspended_organisation_of
from accounts.network.suspension import (
    suspension_forget,
    suspension_note,
    suspension_notice_due,
)


class OrganisationAccessMiddleware:
    """Attach ``request.membership``; sign out members of a suspended reseller
    and show them the suspension notice (``accounts.suspension``).

    Suspension also ends the sessions it knows of (accounts.network.services); this
    check covers any session store, at the cost of one query per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        user = request.user
        if user.is_authenticated:
            suspension_forget(request.session)  # signed in again since
        elif suspension_notice_due(request.session) and request.path_info != reverse(
            "access_suspended"
        ):
            # The suspension ended this session: say why before anything else.
            return redirect("access_suspended")
        if user.is_authenticated:
            suspended = suspended_organisation_of(user=user)
            if suspended is not None:
                logout(request)
                suspension_note(request.session, suspended)
                return redirect("access_suspended")
            request.membership = membership_of(user=user)
        return self.get_response(request)


class StaffMFAMiddleware:
    """When PORTAL_STAFF_MFA_REQUIRED, staff enrol TOTP before the Wagtail admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_STAFF_MFA_REQUIRED
            and request.path_info.startswith(settings.PORTAL_ADMIN_PATH_PREFIX)
            and opens_admin(request.user)
            and not is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
        ):
            messages.warning(
                request,
                _(
                    "Staff accounts need two-factor authentication. Set up an "
                    "authenticator app to reach the administration."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
