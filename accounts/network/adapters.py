"""allauth customised through its adapter, never by copying its views."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.network.selectors import suspended_organisation_of
from accounts.network.suspension import suspension_note
from portal.emails import email_message_queue


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by invitation only (accounts.network.services).
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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth sends its e-mails (login codes, password resets, security
        # notices) inside the request: with the SMTP server down the page
        # would answer 500. Rendered here, they leave through the task queue
        # like every other e-mail, and are tried again until SMTP is back.
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        email_message_queue(message)
