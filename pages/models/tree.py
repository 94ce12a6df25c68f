"""The pages that hold the documentation tree together: the site's root,
the Documentation tab's index and the fault code list.
"""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from pages.cache import page_at_path
from pages.forms import FaultCodeFilterForm
from pages.models.consumables import ConsumablesTablePage
from pages.models.documentation import DocumentationPage
from pages.models.fault_codes import FaultCodePage
from pages.models.listings import (
    appliance_docs,
    appliances_documented,
    documentation_changes,
    fault_codes,
)

# Appliances on the index, fault codes on their list.
PAGE_SIZE = 25


class HomePage(Page):
    """Root of the Oxyplus site; documentation pages are added beneath it."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.DocumentationIndexPage", "pages.SafetyNoticeIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def serve(self, request, *args, **kwargs):
        # The site's root is the portal's home, not a public page.
        return redirect("home")

    def route(self, request, path_components):
        # Straight to the page asked for, not one level at a time (see
        # page_at_path); the page routes what is left, as in Wagtail.
        if not path_components:
            # /docs/ itself: the documentation index, not the portal's home.
            index = self.get_children().live().type(DocumentationIndexPage).first()
            if index is not None:
                return index.specific.route(request, [])
        page, remaining = page_at_path(root=self, path_components=path_components)
        if page is None:
            return super().route(request, path_components)
        return page.route(request, remaining)


class DocumentationIndexPage(DocumentationPage):
    """The Documentation tab: every appliance's sheet and manual, what is new."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = [
        "pages.TechnicalSheetPage",
        "pages.ManualPage",
        "pages.FaultCodeIndexPage",
        "pages.ConsumablesTablePage",
    ]
    max_count = 1
    template = "pages/documentation_index_page.html"

    class Meta:
        verbose_name = _("documentation index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The appliances with their sheet and manual, found by name or reference.
        query = request.GET.get("q", "").strip()[:100]
        paginator = Paginator(appliances_documented(query=query), PAGE_SIZE)
        results = paginator.get_page(request.GET.get("page"))
        context["query"] = query
        context["results"] = results
        context["library"] = appliance_docs(list(results.object_list))
        context["changes"] = documentation_changes()[:10]
        context["shortcuts"] = (
            self.get_children().live().type(FaultCodeIndexPage, ConsumablesTablePage)
        )
        return context


class FaultCodeIndexPage(DocumentationPage):
    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["pages.DocumentationIndexPage"]
    subpage_types = ["pages.FaultCodePage"]
    max_count = 1
    template = "pages/fault_code_index_page.html"

    class Meta:
        verbose_name = _("fault code list")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = FaultCodeFilterForm(
            request.GET or None, severities=FaultCodePage.Severity.choices
        )
        filters = {}
        if form.is_valid():
            data = form.cleaned_data
            technician = {"yes": True, "no": False}.get(data["technician"])
            filters = {
                "query": data["q"].strip(),
                "appliance": data["appliance"],
                "severity": data["severity"],
                "technician_required": technician,
            }
        codes = fault_codes(**filters).prefetch_related("appliances")
        context["form"] = form
        context["results"] = Paginator(codes, PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return context
