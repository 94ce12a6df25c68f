"""The editors' report of searches that found nothing, in the Wagtail admin.

A Wagtail report rather than a portal page: editors and reviewers work in
the admin (their other two home cards, pages in review and pages not
reviewed, lead to its home), the report sits in its "Reports" menu beside
Wagtail's own, and comes with its spreadsheet export.
"""

from datetime import datetime
from urllib.parse import urlencode

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from accounts.network.rights import may
from pages.models import SearchMiss
from pages.selectors import SEARCH_MISSES_DAYS, search_misses, struggling_pages

RIGHT = "documentation.search_misses"


def search_again_url(miss: SearchMiss) -> str:
    return reverse("search") + "?" + urlencode({"q": miss.query})


class SearchMissesReport(ReportView):
    """Searches of the last 30 days that found nothing, the most frequent
    first; each query runs the search again on the portal."""

    page_title = _("Searches that found nothing")
    header_icon = "search"
    index_url_name = "pages_search_misses"
    index_results_url_name = "pages_search_misses_results"
    model = SearchMiss
    paginate_by = 100
    list_export = ["query", "count", "first_searched_at", "last_searched_at"]
    columns = [
        TitleColumn(
            "query",
            label=_("Words searched"),
            get_url=search_again_url,
        ),
        Column("count", label=_("Times")),
        DateColumn("last_searched_at", label=_("Last searched")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may(request.user, RIGHT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return search_misses()

    def get_filename(self):
        return f"searches-found-nothing-{datetime.now():%Y-%m-%d}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = SEARCH_MISSES_DAYS
        return context


class SearchMissesMenuItem(MenuItem):
    def is_shown(self, request):
        return may(request.user, RIGHT)


class StrugglesFilterSet(WagtailFilterSet):
    pages = django_filters.ChoiceFilter(
        label=_("Pages"),
        choices=[("all", _("Every page"))],
        empty_label=_("The pages I am responsible for"),
        method="keep",
    )

    class Meta:
        model = Page
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # the report's queryset already chose whose pages


def _edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class StrugglesReport(ReportView):
    """The pages that ended in a technician's visit, or were read just before
    a visit was asked for, in the last 90 days: where the documentation fails
    its readers. Each editor sees their own pages first."""

    page_title = _("Where readers struggle")
    header_icon = "warning"
    index_url_name = "pages_struggles"
    index_results_url_name = "pages_struggles_results"
    model = Page
    filterset_class = StrugglesFilterSet
    paginate_by = 50
    list_export = ["title", "visits_asked", "read_before", "editor_name"]
    export_headings = {
        "title": _("Page"),
        "visits_asked": _("Visit requests from the page"),
        "read_before": _("Read just before a visit request"),
        "editor_name": _("Responsible editor"),
    }
    columns = [
        TitleColumn("title", label=_("Page"), get_url=_edit_url),
        Column("visits_asked", label=_("Visit requests from the page")),
        Column("read_before", label=_("Read just before a visit request")),
        Column("editor_name", label=_("Responsible editor")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may(request.user, RIGHT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        every = self.request.GET.get("pages") == "all"
        return struggling_pages(editor=None if every else self.request.user)

    def get_filename(self):
        return f"where-readers-struggle-{datetime.now():%Y-%m-%d}"
