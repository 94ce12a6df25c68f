"""Staff screens in the Wagtail admin for resellers and their teams."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.network.models import Invitation, Membership, Organisation, User
from accounts.network.rights import ADMIN_ACTIONS, may, staff_holding


class RightsPermissionPolicy(BasePermissionPolicy):
    """The admin screens of the portal's own models ask the rights table
    (``accounts.network.rights.ADMIN_ACTIONS``): the same answer as the portal's pages,
    whatever model permissions a group was once given."""

    def _right(self, action: str) -> str | None:
        return ADMIN_ACTIONS[self.model._meta.label_lower].get(action)

    def user_has_permission(self, user, action):
        right = self._right(action)
        return right is not None and may(user, right)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        rights = {right for action in actions if (right := self._right(action))}
        users = User.objects.none()
        for right in rights:
            users |= staff_holding(right)
        return users.distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


def register_rights_policies(*models) -> None:
    for model in models:
        register_permission_policy(model, RightsPermissionPolicy(model))


register_rights_policies(Organisation, Membership, Invitation)


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Resellers")
    add_to_admin_menu = False
    list_display = ["name", "legal_identifier", "status", "may_order_on_account"]
    list_filter = ["status", "may_order_on_account"]
    search_fields = ["name", "legal_identifier", "email"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("legal_identifier"), FieldPanel("phone")]),
                FieldRowPanel([FieldPanel("vat_number"), FieldPanel("email")]),
            ],
            heading=_("Company"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("suspension_reason"),
                FieldPanel("may_order_on_account"),
                FieldPanel("price_list"),
            ],
            heading=_("Status and payment"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("invoicing_mode"),
                FieldRowPanel(
                    [
                        FieldPanel("payment_term_days"),
                        FieldPanel("payment_term_end_of_month"),
                    ]
                ),
                FieldPanel("credit_limit"),
            ],
            heading=_("Invoicing and credit"),
        ),
        InlinePanel("addresses", heading=_("Addresses"), label=_("Address")),
        InlinePanel("territory", heading=_("Territory"), label=_("Postcode prefix")),
    ]


class MembershipViewSet(ModelViewSet):
    model = Membership
    copy_view_enabled = False

    icon = "user"
    menu_label = _("Members")
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    form_fields = ["role"]
    inspect_view_enabled = True


class InvitationViewSet(ModelViewSet):
    model = Invitation
    copy_view_enabled = False

    icon = "mail"
    menu_label = _("Invitations")
    list_display = ["email", "organisation", "role", "created_at", "expires_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email", "organisation__name"]
    form_fields = ["role"]
    inspect_view_enabled = True


class ResellerViewSetGroup(ViewSetGroup):
    menu_label = _("Resellers")
    menu_icon = "group"
    menu_order = 200
    items = (OrganisationViewSet, MembershipViewSet, InvitationViewSet)


@hooks.register("register_admin_viewset")
def register_reseller_viewsets():
    return ResellerViewSetGroup()
