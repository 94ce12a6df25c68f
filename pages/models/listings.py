"""What the documentation tree lists: appliances with their documents, fault
codes, what changed lately and what waits for a review. Read by the index
pages' context and by the portal's home and dashboards."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from ordering.catalogue.models import Product
from pages.models.appliances import ManualPage, TechnicalSheetPage
from pages.models.consumables import ConsumablesTablePage
from pages.models.documentation import DocumentationPage
from pages.models.fault_codes import FaultCodePage
from pages.search import fault_code_normalise
from portal import folding

WHATS_NEW_DAYS = 30


REVIEW_AFTER_DAYS = 365


def documentation_page_types() -> list[type[DocumentationPage]]:
    """The page types that make up the documentation (not the index pages)."""
    return [TechnicalSheetPage, ManualPage, FaultCodePage, ConsumablesTablePage]


def documentation_pages() -> QuerySet[Page]:
    """Every live documentation page, as plain ``Page`` rows."""
    return Page.objects.live().type(*documentation_page_types())


def documentation_changes(
    *,
    days: int = WHATS_NEW_DAYS,
    appliance_ids: Iterable[int] | QuerySet | None = None,
) -> QuerySet[Page]:
    """Pages published in the last ``days`` days, newest first ("What's new").

    With ``appliance_ids`` (ids, or a queryset of them), only the pages about
    those appliances (technical sheets, manuals, fault codes) and the
    consumables table, which covers every appliance. Still one query: the
    appliances are matched in subqueries.
    """
    since = timezone.now() - timedelta(days=days)
    pages = documentation_pages().filter(last_published_at__gte=since)
    if appliance_ids is not None:
        if not isinstance(appliance_ids, QuerySet):
            appliance_ids = list(appliance_ids)
        about = Q(pk__in=ConsumablesTablePage.objects.values("pk"))
        for model, field in (
            (TechnicalSheetPage, "appliance__in"),
            (ManualPage, "appliance__in"),
            (FaultCodePage, "appliances__in"),
        ):
            about |= Q(
                pk__in=model.objects.filter(**{field: appliance_ids}).values("pk")
            )
        pages = pages.filter(about)
    return pages.select_related("content_type").order_by("-last_published_at", "-pk")


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
