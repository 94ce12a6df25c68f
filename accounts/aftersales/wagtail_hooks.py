"""What the after-sales room adds to the pages of the rooms below it, and
the staff's claims screen in the Wagtail admin.

The installation page and the customer 360 (accounts.customers) cannot
import this room: they ask Wagtail's hooks registry, and these answer.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from accounts.aftersales.admin import WarrantyClaimViewSet
from accounts.aftersales.models import ServiceVisit
from accounts.aftersales.selectors import (
    claim_list,
    claims_visible_to,
    unit_visits,
    visit_requests,
    warranties_of,
    warranty_of,
)
from accounts.aftersales.services.visits import can_record_visits
from accounts.customers.customer360 import TimelineEntry, moment
from accounts.network.rights import may, may_any
from accounts.network.selectors import own_organisation_id


@hooks.register("portal_unit_panels")
def unit_visits_panel(request, installation) -> str:
    """The unit's warranty, its visits and the button to record one."""
    return render_to_string(
        "aftersales/includes/unit_visits.html",
        {
            "installation": installation,
            "warranty": warranty_of(installation),
            "visits": unit_visits(installation),
            "visit_requests": visit_requests(installation),
            "can_record": can_record_visits(request.user)
            and installation.customer.user_id != request.user.pk,
        },
        request=request,
    )


@hooks.register("portal_unit_summaries")
def unit_warranty_summaries(request, installations) -> dict[int, str]:
    """One line per unit of a list: where its warranty stands."""
    warranties = warranties_of(installations)
    return {
        pk: render_to_string(
            "aftersales/includes/warranty.html", {"warranty": warranty}
        )
        for pk, warranty in warranties.items()
    }


@hooks.register("portal_customer_timeline")
def customer_visits(*, customer, limit: int) -> list[TimelineEntry]:
    """The customer's service visits on the customer 360's timeline."""
    visits = (
        ServiceVisit.objects.filter(installation__customer=customer)
        .select_related("installation__appliance", "organisation")
        .order_by("-visited_on", "-pk")[:limit]
    )
    return [
        TimelineEntry(
            at=moment(visit.visited_on),
            kind="visit",
            title=_("%(kind)s visit on %(appliance)s by %(reseller)s")
            % {
                "kind": visit.get_kind_display(),
                "appliance": visit.installation.appliance.name,
                "reseller": visit.organisation.name,
            },
            detail=_("Fault code %(code)s") % {"code": visit.fault_code}
            if visit.fault_code
            else "",
            url=reverse("visit_report_pdf", args=[visit.pk]),
            alert=visit.fixed is False,
        )
        for visit in visits
    ]


@hooks.register("portal_unit_panels")
def claims_panel(request, installation) -> str:
    """The unit's claims, and "Claim a part under warranty" for its installer."""
    user = request.user
    if not may_any(user, "claims.view_own", "claims.view_network"):
        return ""
    claims = claim_list(claims_visible_to(user).filter(installation=installation))
    return render_to_string(
        "aftersales/unit_panel.html",
        {
            "installation": installation,
            "claims": list(claims[:10]),
            "can_file": may(user, "claims.file")
            and installation.organisation_id == own_organisation_id(user),
        },
        request=request,
    )


@hooks.register("register_admin_viewset")
def register_claims_viewset():
    return WarrantyClaimViewSet("warrantyclaim")
