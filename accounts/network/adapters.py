"""allauth customised through its adapter, never by copying its views."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import linebreaks, urlize

from accounts.network.models import User
from accounts.network.rights import may
from accounts.network.selectors import suspended_organisation_of
from accounts.network.suspension import suspension_note
from portal.emails import email_layout, email_layout_context, email_message_queue


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

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        # A code typed from an e-mail proves the address: allauth then says
        # "You have confirmed x@y", which beside the welcome reads as a
        # question. Confirming an address from "My account" still says it.
        signing_in = request.path == reverse("account_confirm_login_code")
        if signing_in and message_template == "account/messages/email_confirmed.txt":
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth sends its e-mails (login codes, password resets, security
        # notices) inside the request: with the SMTP server down the page
        # would answer 500. Rendered here, they leave through the task queue
        # like every other e-mail, and are tried again until SMTP is back.
        request = allauth_context.request
        # The login code's context names no user: found by the address.
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        customer = user is not None and may(user, "customer_space.use")
        layout = email_layout_context(for_customer=customer)
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                # allauth's texts name the site: the portal's name and address,
                # never the host the request came through.
                "current_site": SimpleNamespace(
                    name="Oxyplus", domain=layout["portal_url_shown"]
                ),
                **context,
            },
        )
        framed = email_layout(
            subject=message.subject,
            text=message.body,
            html=linebreaks(urlize(message.body, autoescape=True)),
            to=list(message.to),
            context=layout,
        )
        framed.from_email = message.from_email
        framed.extra_headers = dict(message.extra_headers)
        email_message_queue(framed)
