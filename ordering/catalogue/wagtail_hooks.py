"""Staff screens of the catalogue: products and price lists."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.network.wagtail_hooks import register_rights_policies
from ordering.catalogue.models import PriceList, Product

# Every screen asks the rights table (accounts.network.rights.ADMIN_ACTIONS).
register_rights_policies(Product, PriceList)


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
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("warranty_months"),
                        FieldPanel("warranty_extension_months"),
                        FieldPanel("warranty_max_months"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("service_interval_months"),
                        FieldPanel("service_window_days"),
                    ]
                ),
            ],
            heading=_("Warranty and maintenance (for an appliance)"),
        ),
        InlinePanel(
            "checklist_items",
            heading=_("Visit checklist (for an appliance)"),
            label=_("Checklist point"),
            panels=[
                FieldPanel("label"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("unit")]),
            ],
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
