"""After-sales in the portal's pages and the Wagtail admin: the claims panel
on a unit's page (``portal_unit_panels``), the staff's claims screen."""

from django.template.loader import render_to_string
from wagtail import hooks

from accounts.aftersales.admin import WarrantyClaimViewSet
from accounts.aftersales.selectors import claim_list, claims_visible_to
from accounts.network.rights import may, may_any
from accounts.network.selectors import own_organisation_id


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
