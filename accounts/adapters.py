"""allauth customised through its adapter, never by copying its views."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import suspended_organisation_of


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by invitation only (accounts.services).
        return False

    def pre_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse | None:
        organisation = suspended_organisation_of(user=user)
        if organisation is not None:
            clear_login(request)
            return render_suspended(request, organisation)
        return super().pre_login(request, user, **kwargs)


def render_suspended(request: HttpRequest, organisation) -> HttpResponse:
    return render(
        request,
        "accounts/suspended.html",
        {"organisation": organisation},
        status=403,
    )
