"""Staff screens of orders: an order's status moves through the transition map
(a refusal shows as a form error; nothing is half-saved). Orders are placed
from the portal's cart, which prices them and reserves their stock.

The stock receipt lives here, not with the stock screens: received units
serve the back-ordered lines first, which is the orders room's business."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.network.rights import may
from accounts.network.wagtail_hooks import register_rights_policies
from ordering.orders import services
from ordering.orders.models import Order
from ordering.stock.models import StockLevel
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
        "shipping_preference",
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


# Who records a receipt: those who fulfil orders or keep the catalogue.
RECEIPT_RIGHTS = ("orders.fulfil", "catalogue.manage")


def may_receive_stock(user) -> bool:
    return any(may(user, right) for right in RECEIPT_RIGHTS)


class StockReceiptForm(forms.Form):
    stock_level = forms.ModelChoiceField(
        label=_("Product and warehouse"),
        queryset=StockLevel.objects.select_related("product", "warehouse").order_by(
            "product__reference", "warehouse__priority"
        ),
    )
    quantity = forms.IntegerField(
        label=_("Units received"), min_value=1, max_value=1_000_000
    )
    restock_date = forms.DateField(
        label=_("Next expected restock date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty when no other delivery is expected."),
    )
    restock_quantity = forms.IntegerField(
        label=_("Next expected restock quantity"), required=False, min_value=1
    )


def stock_receipt(request: HttpRequest) -> HttpResponse:
    """Staff record units received: back-orders are served first, oldest
    order first (``stock_receipt_record``)."""
    if not may_receive_stock(request.user):
        raise PermissionDenied
    form = StockReceiptForm(
        request.POST or None,
        initial={"stock_level": request.GET.get("stock_level")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = services.stock_receipt_record(
                stock_level=data["stock_level"],
                quantity=data["quantity"],
                by=request.user,
                restock_date=data["restock_date"],
                restock_quantity=data["restock_quantity"],
            )
        except services.OrderingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _receipt_done(receipt, data["stock_level"]))
            return redirect("stock_receipt")
    return TemplateResponse(
        request,
        "ordering/admin/stock_receipt.html",
        {
            "page_title": gettext("Record a stock receipt"),
            "header_icon": "download",
            "form": form,
        },
    )


def _receipt_done(receipt: services.Receipt, level: StockLevel) -> str:
    figures = {
        "received": receipt.received,
        "reference": level.product.reference,
        "warehouse": level.warehouse.name,
        "reserved": receipt.to_backorders,
        "orders": receipt.orders_served,
    }
    if not receipt.orders_served:
        return (
            gettext(
                "%(received)s units of %(reference)s received (%(warehouse)s): "
                "no order waited for them, they are all available."
            )
            % figures
        )
    return (
        ngettext(
            "%(received)s units of %(reference)s received (%(warehouse)s): "
            "%(reserved)s reserved for %(orders)s back-ordered order, the rest "
            "is available.",
            "%(received)s units of %(reference)s received (%(warehouse)s): "
            "%(reserved)s reserved for %(orders)s back-ordered orders, the rest "
            "is available.",
            receipt.orders_served,
        )
        % figures
    )


@hooks.register("register_admin_urls")
def register_stock_receipt_url():
    return [path("stock-receipt/", stock_receipt, name="stock_receipt")]


class StockReceiptMenuItem(MenuItem):
    def is_shown(self, request):
        return may_receive_stock(request.user)


@hooks.register("register_admin_menu_item")
def register_stock_receipt_menu_item():
    return StockReceiptMenuItem(
        _("Stock receipt"), reverse("stock_receipt"), icon_name="download", order=211
    )
