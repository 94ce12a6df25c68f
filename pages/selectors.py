"""Reads of the documentation shared by pages, views, services and the admin.

The header search has its own module, pages.search_selectors.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from accounts.network.models import Organisation, User
from accounts.network.rights import may
from ordering.catalogue.models import Product

# From the modules, not the package: the index pages (models.tree) read
# through these selectors, so this module stands below them.
from pages.models.appliances import ManualPage, TechnicalSheetPage
from pages.models.consumables import ConsumablesTablePage
from pages.models.documentation import DocumentationPage
from pages.models.fault_codes import FaultCodePage
from pages.models.subscriptions import DocumentationSubscription
from pages.search import fault_code_normalise
from portal import folding

WHATS_NEW_DAYS = 30
REVIEW_AFTER_DAYS = 365


def can_read_documentation(user: User | AnonymousUser) -> bool:
    """Members of an active reseller and staff who work with it (call center,
    managers, editors, reviewers); customers get their own appliances'
    documents through their installation record instead."""
    return may(user, "documentation.read")


def documentation_page_types() -> list[type[DocumentationPage]]:
    """The page types that make up the documentation (not the index pages)."""
    return [TechnicalSheetPage, ManualPage, FaultCodePage, ConsumablesTablePage]


def documentation_pages() -> QuerySet[Page]:
    """Every live documentation page, as plain ``Page`` rows."""
    return Page.objects.live().type(*documentation_page_types())


def documentation_changes(*, days: int = WHATS_NEW_DAYS) -> QuerySet[Page]:
    """Pages published in the last ``days`` days, newest first ("What's new")."""
    since = timezone.now() - timedelta(days=days)
    return (
        documentation_pages()
        .filter(last_published_at__gte=since)
        .select_related("content_type")
        .order_by("-last_published_at", "-pk")
    )


def documentation_not_reviewed(*, days: int = REVIEW_AFTER_DAYS) -> QuerySet[Page]:
    """Pages whose last publication (the last review) is older than ``days``."""
    before = timezone.now() - timedelta(days=days)
    return (
        documentation_pages()
        .filter(last_published_at__lt=before)
        .select_related("content_type")
        .order_by("last_published_at", "pk")
    )


@dataclass
class ApplianceDocs:
    appliance: Product
    sheet: TechnicalSheetPage | None = None
    manual: ManualPage | None = None


def appliances_documented(*, query: str = "") -> QuerySet[Product]:
    """Active appliances, by name, optionally filtered by name or reference."""
    appliances = Product.objects.filter(
        kind=Product.Kind.APPLIANCE, is_active=True
    ).order_by("name", "pk")
    for word in query.split():
        appliances = appliances.filter(
            Q(name_folded__contains=folding.fold(word)) | Q(reference__icontains=word)
        )
    return appliances


def appliance_docs(appliances: list[Product]) -> list[ApplianceDocs]:
    """Each appliance with its live technical sheet and manual (two queries)."""
    rows = {a.pk: ApplianceDocs(appliance=a) for a in appliances}
    for model, attr in ((TechnicalSheetPage, "sheet"), (ManualPage, "manual")):
        pages = (
            model.objects.live()
            .filter(appliance__in=list(rows))
            .defer_streamfields()
            .order_by("path")
        )
        for page in pages:
            if getattr(rows[page.appliance_id], attr) is None:
                setattr(rows[page.appliance_id], attr, page)
    return list(rows.values())


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


def fault_codes(
    *,
    query: str = "",
    appliance: Product | None = None,
    severity: str = "",
    technician_required: bool | None = None,
) -> QuerySet[FaultCodePage]:
    """Live fault codes by code, filtered as the fault code list offers."""
    codes = FaultCodePage.objects.live().defer_streamfields()
    code = fault_code_normalise(query)
    if code:
        codes = codes.filter(code=code)
    elif query:
        codes = codes.filter(Q(title__icontains=query) | Q(symptom__icontains=query))
    if appliance is not None:
        codes = codes.filter(appliances=appliance)
    if severity:
        codes = codes.filter(severity=severity)
    if technician_required is not None:
        codes = codes.filter(technician_required=technician_required)
    return codes.order_by("code", "pk")


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
