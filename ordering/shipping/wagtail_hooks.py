"""Staff screens of shipping: carriers, and shipments created through
``shipment_create`` (which takes the units out of stock).

The "Orders and stock" menu that lists them is registered by invoicing, the
highest ordering room with admin screens."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
)
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.network.wagtail_hooks import register_rights_policies
from ordering.orders.models import Order
from ordering.shipping import services as shipping_services
from ordering.shipping.models import Carrier, Shipment, TrackingEvent
from ordering.wagtail_admin import ServiceErrorMixin

# Every screen asks the rights table (accounts.network.rights.ADMIN_ACTIONS).
register_rights_policies(Shipment, Carrier)


class CarrierViewSet(ModelViewSet):
    model = Carrier
    icon = "site"
    menu_label = _("Carriers")
    list_display = ["name", "code"]
    form_fields = ["name", "code", "tracking_url_pattern", "webhook_secret"]


class ShipmentCreateForm(WagtailAdminModelForm):
    order_number = forms.CharField(label=_("Order number"), max_length=20)
    quantities = forms.CharField(
        label=_("Lines shipped"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Leave empty to ship everything in stock still to ship (back-ordered "
            "units wait for a stock receipt; an order to ship together waits "
            "until none is left). For a partial shipment, one line per "
            "product: reference;quantity."
        ),
    )

    def clean_order_number(self):
        number = self.cleaned_data["order_number"].strip().upper()
        self.order = Order.objects.filter(number=number).first()
        if self.order is None:
            raise forms.ValidationError(_("No order has this number."))
        return number

    def clean_quantities(self):
        text = self.cleaned_data["quantities"]
        order = getattr(self, "order", None)
        if not text.strip() or order is None:
            return None
        lines = {line.product_reference.upper(): line for line in order.lines.all()}
        quantities: dict[int, int] = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            reference, _sep, quantity = raw.replace("=", ";").partition(";")
            line = lines.get(reference.strip().upper())
            if line is None or not quantity.strip().isdigit():
                raise forms.ValidationError(
                    _(
                        "Line %(number)s: write a reference of this order, ';', then "
                        "a quantity."
                    )
                    % {"number": number}
                )
            quantities[line.pk] = int(quantity)
        return quantities


class ShipmentCreateView(ServiceErrorMixin, CreateView):
    def get_initial(self):
        return {**super().get_initial(), "order_number": self.request.GET.get("order")}

    def save_instance(self):
        data = self.form.cleaned_data
        return shipping_services.shipment_create(
            order=self.form.order,
            carrier=data["carrier"],
            tracking_number=data["tracking_number"],
            quantities=data["quantities"],
            by=self.request.user,
        )


class ShipmentEditView(EditView):
    """Staff add tracking events by hand when a carrier does not push them."""

    def save_instance(self):
        shipment = super().save_instance()
        delivered = shipment.tracking_events.filter(
            status=TrackingEvent.Status.DELIVERED
        ).order_by("occurred_at")
        if delivered.exists():
            shipping_services.shipment_mark_delivered(
                shipment=shipment,
                delivered_at=delivered.first().occurred_at,
                by=self.request.user,
            )
        return shipment


class ShipmentViewSet(ModelViewSet):
    model = Shipment
    icon = "mail"
    menu_label = _("Shipments")
    copy_view_enabled = False
    add_view_class = ShipmentCreateView
    edit_view_class = ShipmentEditView
    list_display = ["tracking_number", "carrier", "order", "status", "shipped_at"]
    list_filter = ["status", "carrier"]
    search_fields = ["tracking_number", "order__number"]
    panels = [
        FieldPanel("carrier", read_only=True),
        FieldPanel("tracking_number", read_only=True),
        FieldPanel("status", read_only=True),
        InlinePanel(
            "tracking_events",
            heading=_("Tracking events"),
            label=_("Tracking event"),
            panels=[
                FieldRowPanel([FieldPanel("occurred_at"), FieldPanel("status")]),
                FieldPanel("location"),
                FieldPanel("description"),
            ],
        ),
    ]
    create_panels = [
        FieldPanel("order_number"),
        FieldRowPanel([FieldPanel("carrier"), FieldPanel("tracking_number")]),
        FieldPanel("quantities"),
    ]

    def get_add_view_kwargs(self, **kwargs):
        handler = ObjectList(
            self.create_panels, base_form_class=ShipmentCreateForm
        ).bind_to_model(Shipment)
        return super().get_add_view_kwargs(
            panel=handler, form_class=handler.get_form_class(), **kwargs
        )
