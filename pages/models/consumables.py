"""The consumables table: appliance → consumables, read from the catalogue."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from ordering.catalogue.models import Compatibility, Product
from pages.forms import ConsumablesFilterForm
from pages.models.documentation import DocumentationPage


class ConsumablesTablePage(DocumentationPage):
    """Appliance → consumables, read from the catalogue; prints as a shop poster."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "pages/consumables_table_page.html"

    class Meta:
        verbose_name = _("consumables table")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ConsumablesFilterForm(request.GET or None)
        appliance, kind, paper = None, "", "a4"
        if form.is_valid():
            appliance = form.cleaned_data["appliance"]
            kind = form.cleaned_data["kind"]
            paper = form.cleaned_data["paper"] or "a4"
        groups: dict[int, dict] = {}
        for row in self.rows(appliance=appliance, kind=kind):
            group = groups.setdefault(
                row.appliance_id, {"appliance": row.appliance, "rows": []}
            )
            group["rows"].append(row)
        context.update(form=form, groups=list(groups.values()), paper=paper)
        return context

    def rows(
        self, *, appliance: Product | None = None, kind: str = ""
    ) -> QuerySet[Compatibility]:
        """Appliance → part rows of the catalogue's compatibility table."""
        rows = Compatibility.objects.filter(
            appliance__is_active=True, part__is_active=True
        ).select_related("appliance", "part")
        if appliance is not None:
            rows = rows.filter(appliance=appliance)
        if kind:
            rows = rows.filter(part__kind=kind)
        return rows.order_by(
            "appliance__name", "appliance_id", "part__kind", "part__name"
        )
