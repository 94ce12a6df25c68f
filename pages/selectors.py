"""Reads of the documentation shared by pages, views, services and the admin.

The header search has its own module, pages.search_selectors.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from wagtail.models import Page

from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.catalogue.models import Product

# From the modules, not the package: the index pages (models.tree) read
# through these selectors, so this module stands below them.
from pages.models.appliances import ManualPage, TechnicalSheetPage
from pages.models.demand import ReaderStruggle
from pages.models.listings import documentation_page_types as _types
from pages.models.listings import documentation_pages
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


STRUGGLES_DAYS = 90


def struggling_pages(
    *, editor: User | None = None, days: int = STRUGGLES_DAYS
) -> QuerySet[Page]:
    """Documentation pages that ended in visit requests, or were read just
    before one, in the last ``days`` days, the most telling first (a visit
    asked from the page itself weighs three reads); only ``editor``'s pages
    when given. Each row carries ``editor_name``, its responsible editor."""
    since = timezone.localdate() - timedelta(days=days)
    rows = ReaderStruggle.objects.filter(page_id=OuterRef("pk"), day__gte=since)

    def total(kind):
        counted = rows.filter(kind=kind).values("page_id").annotate(n=Sum("count"))
        return Coalesce(Subquery(counted.values("n")[:1]), 0)

    # The editor is a field of each documentation page type (its own table).
    editors = [f"{t._meta.model_name}__responsible_editor" for t in _types()]
    names = User.objects.filter(pk=OuterRef("editor_id")).annotate(
        name=Concat("first_name", Value(" "), "last_name")
    )
    pages = documentation_pages().annotate(
        visits_asked=total(ReaderStruggle.Kind.VISIT_ASKED),
        read_before=total(ReaderStruggle.Kind.READ_BEFORE),
        editor_id=Coalesce(*editors),
        editor_name=Subquery(names.values("name")[:1]),
    )
    if editor is not None:
        pages = pages.filter(editor_id=editor.pk)
    return (
        pages.annotate(weight=F("visits_asked") * 3 + F("read_before"))
        .filter(weight__gt=0)
        .order_by("-weight", "title", "pk")
    )
