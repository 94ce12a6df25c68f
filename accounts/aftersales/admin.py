"""The staff's warranty claims screen (Wagtail ``ModelViewSet``): the list
with its filters, a claim with its timeline, and the decisions as forms over
the services (``admin_views``). Nothing is added, edited or deleted here."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from accounts.aftersales import admin_views
from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claim_steps import CLAIM_TRANSITIONS
from accounts.network.rights import may
from accounts.network.wagtail_hooks import register_rights_policies

register_rights_policies(WarrantyClaim)
Status = WarrantyClaim.Status


def claim_actions(claim: WarrantyClaim, user) -> list[tuple[str, str, str]]:
    """(label, url name, icon) of the moves the map and the user's rights allow."""
    moves = CLAIM_TRANSITIONS[claim.status]
    waits_for_part = claim.status == Status.APPROVED and claim.return_required
    actions = []
    if Status.APPROVED in moves and may(user, "claims.decide"):
        actions.append((_("Approve"), "warrantyclaim:approve", "tick"))
        actions.append((_("Refuse"), "warrantyclaim:refuse", "cross"))
    if waits_for_part and may(user, "claims.receive_return"):
        actions.append((_("Part received"), "warrantyclaim:receive", "download"))
    if Status.CLOSED in moves and not waits_for_part and may(user, "claims.decide"):
        actions.append((_("Close"), "warrantyclaim:close", "lock"))
    return actions


class ClaimInspectView(InspectView):
    template_name = "aftersales/admin/claim_inspect.html"

    @property
    def header_more_buttons(self):
        return [
            HeaderButton(
                label, url=reverse(name, args=[self.object.pk]), icon_name=icon
            )
            for label, name, icon in claim_actions(self.object, self.request.user)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.select_related("actor")
        context["photos"] = list(self.object.photos.all())
        return context


class WarrantyClaimViewSet(ModelViewSet):
    model = WarrantyClaim
    icon = "warning"
    menu_label = _("Warranty claims")
    menu_order = 215
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ClaimInspectView
    list_display = [
        "__str__",
        "organisation",
        "installation",
        "part",
        "fault_on",
        Column("status", label=_("status"), accessor="get_status_display"),
        "created_at",
    ]
    list_filter = ["status", "remedy", "organisation", "part"]
    search_fields = ["rma_number", "installation__serial_number", "fault_code"]
    inspect_view_fields = [
        "rma_number",
        "status",
        "organisation",
        "filed_by",
        "installation",
        "visit",
        "fault_on",
        "fault_code",
        "symptom",
        "part",
        "quantity",
        "remedy",
        "return_required",
        "return_instructions",
        "refusal_reason",
        "replacement_order",
        "credited_line",
        "credit_note",
        "created_at",
    ]
    form_fields = []  # never edited: every move is a service

    def get_queryset(self, request):
        return WarrantyClaim.objects.select_related(
            "organisation", "installation__appliance", "part"
        )

    def get_urlpatterns(self):
        patterns = [
            p
            for p in super().get_urlpatterns()
            if p.name in {"index", "index_results", "inspect"}
        ]
        return [
            *patterns,
            path("<int:pk>/approve/", admin_views.claim_approve_view, name="approve"),
            path("<int:pk>/refuse/", admin_views.claim_refuse_view, name="refuse"),
            path("<int:pk>/receive/", admin_views.claim_receive_view, name="receive"),
            path("<int:pk>/close/", admin_views.claim_close_view, name="close"),
        ]
