"""Reads of the documentation shared by pages, views, services and the admin.

The header search has its own module, pages.search_selectors.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.catalogue.models import Product

# From the modules, not the package: the index pages (models.tree) read
# through these selectors, so this module stands below them.
from pages.models.appliances import ManualPage, TechnicalSheetPage
from pages.models.search_misses import SearchMiss
from pages.models.subscriptions import DocumentationSubscription

SEARCH_MISSES_DAYS = 30


def can_read_documentation(user: User | AnonymousUser) -> bool:
    """Members of an active reseller and staff who work with it (call center,
    managers, editors, reviewers); customers get their own appliances'
    documents through their installation record instead."""
    return may(user, "documentation.read")


def technical_sheet_of(appliance: Product) -> TechnicalSheetPage | None:
    """The appliance's live technical sheet (its maintenance points), if any."""
    return (
        TechnicalSheetPage.objects.live()
        .filter(appliance=appliance)
        .order_by("path")
        .first()
    )


def manual_of(appliance: Product) -> ManualPage | None:
    """The appliance's live start-up manual, if any."""
    return (
        ManualPage.objects.live().filter(appliance=appliance).order_by("path").first()
    )


def subscribed_appliance_ids(*, user: User) -> set[int]:
    return set(
        DocumentationSubscription.objects.filter(user=user).values_list(
            "appliance_id", flat=True
        )
    )


def subscribers_of(*, appliances: list[Product]) -> QuerySet[User]:
    """Active reseller users subscribed to any of ``appliances``."""
    return (
        User.objects.filter(
            is_active=True,
            documentation_subscriptions__appliance__in=appliances,
            membership__organisation__status=Organisation.Status.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def search_misses(*, days: int = SEARCH_MISSES_DAYS) -> QuerySet[SearchMiss]:
    """Searches that found nothing and were typed in the last ``days`` days,
    the most frequent first: the editors' card counts them, their list shows
    them."""
    since = timezone.now() - timedelta(days=days)
    return SearchMiss.objects.filter(last_searched_at__gte=since).order_by(
        "-count", "-last_searched_at", "query"
    )
