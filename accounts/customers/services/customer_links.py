"""A customer's own record, joined only with their consent.

An installer who records an appliance with the address of another reseller's
or another channel's customer never sees that record: the customer is e-mailed
a single-use link and decides. Also the customer space's invitation, which
both recording and joining send.
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.customers.emails import customer_email_send_after_commit
from accounts.customers.models import Customer, CustomerLink, Installation
from accounts.customers.services.installers import InstallationError
from accounts.network.models import User, hash_token
from accounts.network.rights import works_for_the_network
from portal.links import absolute_url


def customer_link_ask(
    *, installation: Installation, existing: Customer, email: str
) -> CustomerLink:
    """E-mail the address's owner a single-use link to join the installation
    to their record; the installer is told nothing about them."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = CustomerLink.objects.create(
        customer=installation.customer,
        existing=existing,
        organisation=installation.organisation,
        installation=installation,
        email=email,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=settings.PORTAL_CUSTOMER_LINK_VALID_DAYS),
    )
    customer_email_send_after_commit(
        template="customers/email/customer_link",
        to=[email],
        customer_id=existing.pk,
        context={
            "first_name": existing.first_name,
            "installer": installation.organisation.name,
            "appliance": installation.appliance.name,
            "installed_on": date_format(installation.installed_on),
            # The town only: a mistyped address must not tell a stranger where
            # somebody lives.
            "town": f"{installation.customer.postcode} {installation.customer.city}",
            "url": absolute_url(reverse("customer_link", args=[token])),
            "expires_on": date_format(timezone.localtime(link.expires_at)),
        },
    )
    return link


class CustomerLinkError(InstallationError):
    """The link was used, refused, has expired or never existed."""


def customer_link_for_token(*, token: str) -> CustomerLink | None:
    """The request a link points to, whatever its state, or None."""
    return (
        CustomerLink.objects.select_related(
            "organisation", "installation__appliance", "customer", "existing"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def customer_link_refusal(link: CustomerLink) -> str | None:
    """Why a link can no longer be answered, or None while it can."""
    if link.state != CustomerLink.State.PENDING:
        return _("This request was already answered.")
    if link.expires_at <= timezone.now() or link.customer is None:
        return _("This link has expired. Ask your installer or call %(phone)s.") % {
            "phone": settings.PORTAL_SUPPORT_PHONE
        }
    return None


def _pending_link(token: str) -> CustomerLink:
    link = (
        CustomerLink.objects.select_for_update()
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise CustomerLinkError(_("This link is not valid."))
    if (refusal := customer_link_refusal(link)) is not None:
        raise CustomerLinkError(refusal)
    return link


@transaction.atomic
def customer_link_accept(*, token: str) -> Customer:
    """The customer agrees: what the installer recorded joins their record.

    Every row that points to the installer's separate record (installations,
    orders, callbacks, e-mails) moves to the customer's own; the separate
    record goes. The customer thereby agrees to share the record with this
    installer.
    """
    link = _pending_link(token)
    existing = Customer.objects.select_for_update().get(pk=link.existing_id)
    if existing.is_erased:
        raise CustomerLinkError(_("This customer record was erased."))
    separate = link.customer
    for relation in Customer._meta.related_objects:
        if relation.one_to_many and relation.related_model is not CustomerLink:
            field = relation.field.name
            relation.related_model.objects.filter(**{field: separate}).update(
                **{field: existing}
            )
    if not existing.phone and separate.phone:
        existing.phone = separate.phone
    existing.shares_record = True
    existing.consent_recorded_at = timezone.now()
    existing.save()
    link.state = CustomerLink.State.ACCEPTED
    link.decided_at = timezone.now()
    link.customer = None
    link.save(update_fields=["state", "decided_at", "customer"])
    separate.delete()
    installation = link.installation
    if installation is not None and existing.email:
        customer_space_invite(customer=existing, installation=installation)
    return existing


@transaction.atomic
def customer_link_decline(*, token: str) -> None:
    """The customer says it is not them, or not to join: nothing moves."""
    link = _pending_link(token)
    link.state = CustomerLink.State.DECLINED
    link.decided_at = timezone.now()
    link.save(update_fields=["state", "decided_at"])


def customer_space_invite(*, customer: Customer, installation: Installation) -> bool:
    """Give the customer a login without password and email them the way in.

    They sign in with a code sent to their address (allauth's login by code),
    which also confirms the address. Returns False when the address already
    belongs to a network or staff account: those people sign in as they do.
    """
    user = customer.user
    new_login = user is None
    if user is None:
        user = User.objects.filter(email__iexact=customer.email).first()
        if user is not None and works_for_the_network(user):
            return False
        if user is None:
            user = User.objects.create_user(
                email=customer.email,
                first_name=customer.first_name,
                last_name=customer.last_name,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=customer.email, defaults={"primary": True}
        )
        customer.user = user
        customer.save(update_fields=["user", "updated_at"])
    customer_email_send_after_commit(
        template="customers/email/customer_space",
        to=[customer.email],
        customer_id=customer.pk,
        context={
            "first_name": customer.first_name,
            # A customer who already has their space hears of one more appliance.
            "new_login": new_login,
            "installer": installation.organisation.name,
            "appliance": installation.appliance.name,
            "installed_on": date_format(installation.installed_on),
            "url": absolute_url(reverse("account_request_login_code")),
            "space_url": absolute_url(reverse("customer_home")),
        },
    )
    return True
