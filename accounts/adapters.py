"""allauth customised through its adapter, never by copying its views."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .selectors import suspended_organisation_of
from .suspension import suspension_note


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by invitation only (accounts.services).
        return False

    def pre_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse | None:
        # allauth's hook to refuse a login with a response of our own: a
        # suspended reseller's member reads why and whom to contact.
        organisation = suspended_organisation_of(user=user)
        if organisation is not None:
            clear_login(request)
            suspension_note(request.session, organisation)
            return redirect("access_suspended")
        return super().pre_login(request, user, **kwargs)
