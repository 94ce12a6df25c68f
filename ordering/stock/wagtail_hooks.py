"""Staff screens of the stock: warehouses, and stock levels counted through
``stock_adjust`` (units reserved by orders are never counted away)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
)
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.network.wagtail_hooks import register_rights_policies
from ordering.stock import services as stock_services
from ordering.stock.models import StockLevel, Warehouse
from ordering.wagtail_admin import ServiceErrorMixin

# Every screen asks the rights table (accounts.network.rights.ADMIN_ACTIONS).
register_rights_policies(Warehouse, StockLevel)


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
        return stock_services.stock_adjust(
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
        FieldPanel(
            "on_hand",
            help_text=_(
                "An inventory count. Record a delivery with “Stock receipt”: "
                "its units serve back-ordered orders first."
            ),
        ),
        FieldRowPanel([FieldPanel("restock_date"), FieldPanel("restock_quantity")]),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=StockLevelForm).bind_to_model(
            StockLevel
        )
