"""Writes of the documentation app: subscriptions and change notices."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from accounts.network.models import User
from ordering.catalogue.models import Product
from pages.models import DocumentationPage, DocumentationSubscription
from pages.selectors import subscribers_of
from portal.emails import email_send
from portal.links import absolute_url


@transaction.atomic
def subscriptions_set(*, user: User, appliances: list[Product]) -> None:
    """Follow exactly ``appliances``: new ones are added, the others dropped."""
    wanted = {a.pk for a in appliances}
    DocumentationSubscription.objects.filter(user=user).exclude(
        appliance_id__in=wanted
    ).delete()
    have = set(
        DocumentationSubscription.objects.filter(user=user).values_list(
            "appliance_id", flat=True
        )
    )
    DocumentationSubscription.objects.bulk_create(
        [
            DocumentationSubscription(user=user, appliance_id=pk)
            for pk in sorted(wanted - have)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def subscription_toggle(*, user: User, appliance: Product) -> bool:
    """Follow ``appliance`` if not yet followed, else stop; True when following."""
    deleted, _ = DocumentationSubscription.objects.filter(
        user=user, appliance=appliance
    ).delete()
    if deleted:
        return False
    DocumentationSubscription.objects.get_or_create(user=user, appliance=appliance)
    return True


def documentation_change_notify(*, page: Page) -> int:
    """Email the subscribers of the appliances a just-published page concerns.

    Returns how many people were told. Runs in a task, after the commit.
    """
    page = page.specific
    if not isinstance(page, DocumentationPage):
        return 0
    appliances = page.appliances_concerned()
    if not appliances:
        return 0
    url = absolute_url(page.url)
    recipients = list(subscribers_of(appliances=appliances))
    for user in recipients:
        email_send.enqueue(
            template="pages/email/documentation_changed",
            to=[user.email],
            context={
                "title": page.title,
                "kind": str(page._meta.verbose_name),
                "appliances": ", ".join(a.name for a in appliances),
                "url": url,
                "editor": page.responsible_editor.get_full_name()
                if page.responsible_editor
                else "",
            },
            language=settings.LANGUAGE_CODE,
        )
    return len(recipients)
