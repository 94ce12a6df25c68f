"""Staff screens in the Wagtail admin: catalogue, prices, stock, orders, shipments.

Every change that matters goes through ``ordering.services``: an order's
status through the transition map, a shipment through ``shipment_create``
(which takes the units out of stock), an inventory count through
``stock_adjust``. A refusal shows as a form error; nothing is half-saved.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.network.wagtail_hooks import register_rights_policies
from ordering import services
from ordering.catalogue.models import PriceList, Product
from ordering.orders.models import Order
from ordering.shipping.models import Carrier, Shipment, TrackingEvent
from ordering.stock.models import StockLevel, Warehouse

# Orders are placed from the portal's cart, which prices and reserves them;
# every screen asks the rights table (accounts.network.rights.ADMIN_ACTIONS).
register_rights_policies(
    Order, Shipment, Product, PriceList, Warehouse, StockLevel, Carrier
)


class ServiceErrorMixin:
    """Turn a service's refusal into a form error instead of a crash."""

    error_field: str | None = None

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.OrderingError as error:
            form.add_error(self.error_field, str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)


# --- Catalogue ----------------------------------------------------------------


class ProductViewSet(ModelViewSet):
    model = Product
    icon = "tag"
    menu_label = _("Products")
    list_display = ["reference", "name", "kind", "unit_price", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["reference", "name"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reference"), FieldPanel("kind")]),
                FieldPanel("name"),
                FieldPanel("description"),
                FieldPanel("image"),
            ],
            heading=_("Product"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("unit_price"), FieldPanel("vat_rate")]),
                FieldRowPanel(
                    [
                        FieldPanel("replacement_interval_months"),
                        FieldPanel("low_stock_threshold"),
                    ]
                ),
                FieldPanel("is_active"),
            ],
            heading=_("Price and stock"),
        ),
        InlinePanel(
            "compatible_parts",
            heading=_("Consumables and spare parts (for an appliance)"),
            label=_("Compatible part"),
            panels=[FieldPanel("part"), FieldPanel("quantity_per_change")],
        ),
    ]


class PriceListViewSet(ModelViewSet):
    model = PriceList
    icon = "table"
    menu_label = _("Price lists")
    list_display = ["name", "discount_percent"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("discount_percent"),
        InlinePanel(
            "entries",
            heading=_("Specific prices"),
            label=_("Specific price"),
            panels=[FieldPanel("product"), FieldPanel("unit_price")],
        ),
    ]


class WarehouseViewSet(ModelViewSet):
    model = Warehouse
    icon = "home"
    menu_label = _("Warehouses")
    list_display = ["name", "code", "city", "priority"]
    form_fields = ["code", "name", "city", "priority"]


class StockLevelForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        on_hand = data.get("on_hand")
        if (
            on_hand is not None
            and self.instance.pk
            and on_hand < self.instance.reserved
        ):
            self.add_error(
                "on_hand",
                _("%(reserved)s units are reserved by orders; on hand cannot be less.")
                % {"reserved": self.instance.reserved},
            )
        return data


class StockLevelEditView(ServiceErrorMixin, EditView):
    error_field = "on_hand"

    def save_instance(self):
        data = self.form.cleaned_data
        return services.stock_adjust(
            stock_level=self.object,
            on_hand=data["on_hand"],
            restock_date=data["restock_date"],
            restock_quantity=data["restock_quantity"],
        )


class StockLevelViewSet(ModelViewSet):
    model = StockLevel
    icon = "box"
    menu_label = _("Stock")
    copy_view_enabled = False
    edit_view_class = StockLevelEditView
    list_display = ["product", "warehouse", "on_hand", "reserved", "restock_date"]
    list_filter = ["warehouse"]
    search_fields = ["product__reference", "product__name"]
    panels = [
        FieldRowPanel([FieldPanel("product"), FieldPanel("warehouse")]),
        FieldPanel("on_hand"),
        FieldRowPanel([FieldPanel("restock_date"), FieldPanel("restock_quantity")]),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=StockLevelForm).bind_to_model(
            StockLevel
        )


class CarrierViewSet(ModelViewSet):
    model = Carrier
    icon = "site"
    menu_label = _("Carriers")
    list_display = ["name", "code"]
    form_fields = ["name", "code", "tracking_url_pattern", "webhook_secret"]


# --- Orders and shipments -----------------------------------------------------


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


class ShipmentCreateForm(WagtailAdminModelForm):
    order_number = forms.CharField(label=_("Order number"), max_length=20)
    quantities = forms.CharField(
        label=_("Lines shipped"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Leave empty to ship everything still to ship. For a partial "
            "shipment, one line per product: reference;quantity."
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
        return services.shipment_create(
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
            services.shipment_mark_delivered(
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


class OrderingViewSetGroup(ViewSetGroup):
    menu_label = _("Orders and stock")
    menu_icon = "list-ul"
    menu_order = 210
    items = (
        OrderViewSet,
        ShipmentViewSet,
        StockLevelViewSet,
        ProductViewSet,
        PriceListViewSet,
        WarehouseViewSet,
        CarrierViewSet,
    )


@hooks.register("register_admin_viewset")
def register_ordering_viewsets():
    return OrderingViewSetGroup()
