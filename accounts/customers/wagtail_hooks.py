"""Staff screens in the Wagtail admin for customers, installations and the audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.customers.models import AuditEntry, Customer, Installation
from accounts.network.wagtail_hooks import register_rights_policies

register_rights_policies(Customer, Installation, AuditEntry)


class CustomerViewSet(ModelViewSet):
    model = Customer
    icon = "user"
    menu_label = _("Customers")
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []  # required; the policy allows no form
    list_display = ["__str__", "email", "phone", "postcode", "city", "shares_record"]
    list_filter = ["shares_record"]
    search_fields = ["last_name", "first_name", "email", "phone", "postcode", "city"]
    inspect_view_fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "line1",
        "line2",
        "postcode",
        "city",
        "shares_record",
        "consent_recorded_at",
        "created_at",
        "updated_at",
        "erased_at",
    ]


class InstallationViewSet(ModelViewSet):
    model = Installation
    icon = "tick-inverse"
    menu_label = _("Installations")
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []
    list_display = [
        "customer",
        "appliance",
        "serial_number",
        "organisation",
        "installed_on",
        "status",
    ]
    list_filter = ["status", "organisation", "appliance"]
    search_fields = ["serial_number", "customer__last_name", "customer__city"]


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []
    list_display = ["created_at", "action", "subject", "actor", "reason"]
    list_filter = ["action"]
    search_fields = ["subject", "reason"]


class CustomerViewSetGroup(ViewSetGroup):
    menu_label = _("Customers")
    menu_icon = "user"
    menu_order = 210
    items = (CustomerViewSet, InstallationViewSet, AuditEntryViewSet)


@hooks.register("register_admin_viewset")
def register_customer_viewsets():
    return CustomerViewSetGroup()
