"""Who may read the documentation, the editors' dashboard and reports, the
review button."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts.network.models import User
from pages.models.listings import documentation_not_reviewed
from pages.reports import SearchMissesMenuItem, SearchMissesReport, StrugglesReport
from pages.selectors import can_read_documentation
from pages.workflows import SubmitToReviewMenuItem

NOT_REVIEWED_SHOWN = 10


def _require_reader(request):
    if request.user.is_authenticated:
        if not can_read_documentation(request.user):
            # A customer or a suspended reseller: as if the page did not exist.
            raise Http404
        return None
    return redirect_to_login(request.get_full_path())


@hooks.register("before_serve_page")
def documentation_is_for_the_network(page, request, serve_args, serve_kwargs):
    return _require_reader(request)


@hooks.register("before_serve_document")
def documents_are_for_the_network(document, request):
    return _require_reader(request)


class NotReviewedPanel(Component):
    """Documentation pages nobody has published again for twelve months."""

    name = "documentation_not_reviewed"
    order = 90
    template_name = "pages/admin/not_reviewed_panel.html"

    def get_context_data(self, parent_context=None):
        pages = documentation_not_reviewed()
        shown = list(pages.specific()[:NOT_REVIEWED_SHOWN])
        editors = User.objects.in_bulk(
            {p.responsible_editor_id for p in shown if p.responsible_editor_id}
        )
        return {
            "rows": [(p, editors.get(p.responsible_editor_id)) for p in shown],
            "count": pages.count(),
        }


@hooks.register("construct_homepage_panels")
def add_not_reviewed_panel(request, panels):
    # Page rights are granted per page to groups, not as model permissions.
    if PagePermissionPolicy().user_has_any_permission(
        request.user, ["change", "publish"]
    ):
        panels.append(NotReviewedPanel())


@hooks.register("construct_page_action_menu")
def name_the_workflow_in_the_reader_language(menu_items, request, context):
    for i, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            menu_items[i] = SubmitToReviewMenuItem(order=item.order)


@hooks.register("register_admin_urls")
def register_search_misses_urls():
    view = SearchMissesReport
    return [
        path(
            "reports/searches-found-nothing/", view.as_view(), name=view.index_url_name
        ),
        path(
            "reports/searches-found-nothing/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]


@hooks.register("register_admin_urls")
def register_struggles_urls():
    view = StrugglesReport
    return [
        path("reports/struggles/", view.as_view(), name=view.index_url_name),
        path(
            "reports/struggles/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_struggles_menu_item():
    return SearchMissesMenuItem(
        _("Where readers struggle"),
        reverse("pages_struggles"),
        name="where-readers-struggle",
        icon_name="warning",
        order=951,
    )


@hooks.register("register_reports_menu_item")
def register_search_misses_menu_item():
    return SearchMissesMenuItem(
        _("Searches that found nothing"),
        reverse("pages_search_misses"),
        name="searches-found-nothing",
        icon_name="search",
        order=950,
    )
