"""The editors' report of searches that found nothing, in the Wagtail admin.

A Wagtail report rather than a portal page: editors and reviewers work in
the admin (their other two home cards, pages in review and pages not
reviewed, lead to its home), the report sits in its "Reports" menu beside
Wagtail's own, and comes with its spreadsheet export.
"""

from datetime import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from accounts.network.rights import may
from pages.models import SearchMiss
from pages.selectors import SEARCH_MISSES_DAYS, search_misses

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
