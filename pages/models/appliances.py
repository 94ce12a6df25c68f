"""Pages about one appliance: its technical sheet (with the leave-behind
sheet an installer prints from it) and its start-up manual.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ordering.catalogue.models import Product
from ordering.stock.selectors import can_see_stock
from pages import blocks
from pages.leave_behind import leave_behind_html, leave_behind_sheet_pdf
from pages.models.documentation import APPLIANCES, DocumentationPage, stream_text
from pages.models.fault_codes import FaultCodePage
from pages.models.subscriptions import DocumentationSubscription


class AppliancePage(DocumentationPage):
    """A page about one appliance of the catalogue."""

    appliance = models.ForeignKey(
        Product,
        verbose_name=_("appliance"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=APPLIANCES,
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.appliance_id and self.appliance.kind != Product.Kind.APPLIANCE:
            raise ValidationError({"appliance": _("Choose an appliance.")})

    def search_text(self) -> list[str]:
        return super().search_text() + [self.appliance.name, self.appliance.reference]

    def appliances_concerned(self) -> list[Product]:
        return [self.appliance]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["following"] = DocumentationSubscription.objects.filter(
            user=request.user, appliance_id=self.appliance_id
        ).exists()
        return context


class TechnicalSheetPage(RoutablePageMixin, AppliancePage):
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(blocks.DocumentationStreamBlock(), verbose_name=_("content"))
    maintenance_points = StreamField(
        [("point", blocks.MaintenancePointBlock())],
        verbose_name=_("maintenance points"),
        blank=True,
        help_text=_("Printed on the installer's leave-behind sheet."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("appliance"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("maintenance_points"),
    ]
    search_fields = DocumentationPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("appliance"),
    ]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types: list[str] = []
    template = "pages/technical_sheet_page.html"

    class Meta:
        verbose_name = _("technical sheet")
        verbose_name_plural = _("technical sheets")

    def search_text(self) -> list[str]:
        return super().search_text() + [self.summary, *stream_text(self.body)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Querysets and cached properties: a cached fragment never runs them.
        context["fault_code_list"] = (
            FaultCodePage.objects.live()
            .filter(appliances=self.appliance_id)
            .defer_streamfields()
            .order_by("code")
        )
        context["user_can_see_stock"] = can_see_stock(request.user)
        return context

    @cached_property
    def manual(self) -> "ManualPage | None":
        return ManualPage.objects.live().filter(appliance_id=self.appliance_id).first()

    @path("fiche-client/", name="leave_behind")
    def leave_behind(self, request):
        return leave_behind_html(request, sheet=self)

    @path("fiche-client/pdf/", name="leave_behind_pdf")
    def leave_behind_pdf(self, request):
        return leave_behind_sheet_pdf(request, sheet=self)


class ManualPage(AppliancePage):
    """The simplified start-up manual: steps with pictures, common faults."""

    introduction = models.TextField(_("introduction"), blank=True)
    startup_steps = StreamField(
        [("step", blocks.StepBlock())], verbose_name=_("start-up steps")
    )
    common_faults = StreamField(
        [("fault", blocks.CommonFaultBlock())],
        verbose_name=_("common faults"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("appliance"),
        FieldPanel("introduction"),
        FieldPanel("startup_steps"),
        FieldPanel("common_faults"),
    ]
    search_fields = DocumentationPage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("startup_steps"),
        index.SearchField("common_faults"),
        index.FilterField("appliance"),
    ]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types: list[str] = []
    template = "pages/manual_page.html"

    class Meta:
        verbose_name = _("start-up manual")
        verbose_name_plural = _("start-up manuals")

    def search_text(self) -> list[str]:
        return (
            super().search_text()
            + [self.introduction]
            + stream_text(self.startup_steps)
            + stream_text(self.common_faults)
        )

    @cached_property
    def sheet(self) -> TechnicalSheetPage | None:
        return (
            TechnicalSheetPage.objects.live()
            .filter(appliance_id=self.appliance_id)
            .defer_streamfields()
            .first()
        )
