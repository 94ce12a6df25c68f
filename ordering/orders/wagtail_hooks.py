"""Staff screens of orders: an order's status moves through the transition map
(a refusal shows as a form error; nothing is half-saved). Orders are placed
from the portal's cart, which prices them and reserves their stock."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.network.wagtail_hooks import register_rights_policies
from ordering.orders import services
from ordering.orders.models import Order
from ordering.wagtail_admin import ServiceErrorMixin

# Every screen asks the rights table (accounts.network.rights.ADMIN_ACTIONS).
register_rights_policies(Order)


class OrderEditView(ServiceErrorMixin, EditView):
    """Staff move an order along its life cycle; the service says if they may."""

    error_field = "status"

    def save_instance(self):
        target = self.form.cleaned_data["status"]
        current = Order.objects.get(pk=self.object.pk)
        if target == current.status:
            return current
        return services.order_transition(
            order=current, target=target, by=self.request.user
        )


class OrderViewSet(ModelViewSet):
    model = Order
    # Orders only point at their reseller and buyer, which never show an
    # order "usage" tab; indexing them cost 5 queries per order placed (and
    # the seeded history is bulk-created, so the index was never complete).
    add_to_reference_index = False
    icon = "list-ul"
    menu_label = _("Orders")
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = OrderEditView
    list_display = [
        "number",
        "organisation",
        "end_customer_name",
        "status",
        "channel",
        "placed_at",
        "total_incl_vat",
    ]
    list_filter = ["status", "channel", "payment_method"]
    search_fields = ["number", "end_customer_name", "purchase_order_reference"]
    inspect_view_fields = [
        "number",
        "organisation",
        "channel",
        "placed_by",
        "status",
        "payment_method",
        "purchase_order_reference",
        "end_customer_name",
        "contact_email",
        "delivery_name",
        "delivery_line1",
        "delivery_postcode",
        "delivery_city",
        "total_excl_vat",
        "total_vat",
        "total_incl_vat",
        "placed_at",
    ]
    panels = [
        FieldPanel(
            "status",
            help_text=_(
                "Shipping is recorded by adding a shipment, which takes the units "
                "out of stock; cancelling releases the reserved stock and refunds "
                "a card payment."
            ),
        )
    ]
