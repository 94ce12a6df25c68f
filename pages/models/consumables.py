"""The consumables table: appliance → consumables, read from the catalogue."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .documentation import DocumentationPage


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
        from ..views import consumables_table_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consumables_table_context(request))
        return context
