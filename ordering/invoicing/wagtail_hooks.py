"""Staff screens of invoicing: invoices and credit notes (read only, with
"Issue a credit note"), payments received (with "Record a payment").

Every screen asks the rights table (``ADMIN_ACTIONS`` and the ``invoices.*``
rights). The "Orders and stock" menu is registered here, in the highest
ordering room with admin screens, so it lists every room's screens under
one heading (it was shipping's before invoicing sat above it)."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from accounts.network.rights import may
from accounts.network.wagtail_hooks import register_rights_policies
from ordering.catalogue.wagtail_hooks import PriceListViewSet, ProductViewSet
from ordering.invoicing import admin_views
from ordering.invoicing.models import Invoice, Payment
from ordering.orders.wagtail_hooks import OrderViewSet
from ordering.shipping.wagtail_hooks import CarrierViewSet, ShipmentViewSet
from ordering.stock.wagtail_hooks import StockLevelViewSet, WarehouseViewSet

register_rights_policies(Invoice, Payment)


class InvoiceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Invoice.Status.choices, method="filter_status"
    )

    class Meta:
        model = Invoice
        fields = ["organisation", "kind"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value) if value else queryset


class InvoiceInspectView(InspectView):
    """The document as issued, its lines, credit notes, payments, reminders."""

    template_name = "invoicing/admin/invoice_inspect.html"

    def get_status_display_value(self):
        return self.object.get_status_display()

    @property
    def header_more_buttons(self):
        buttons = []
        user = self.request.user
        if not self.object.is_credit_note and may(user, "invoices.credit"):
            buttons.append(
                HeaderButton(
                    _("Issue a credit note"),
                    url=reverse("invoice:credit", args=[self.object.pk]),
                    icon_name="minus",
                )
            )
        if not self.object.is_credit_note and may(user, "invoices.record_payment"):
            buttons.append(
                HeaderButton(
                    _("Record a payment"),
                    url=reverse("payment:add")
                    + f"?organisation={self.object.organisation_id}",
                    icon_name="plus",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invoice = self.object
        context["lines"] = invoice.lines.all()
        context["credit_notes"] = invoice.credit_notes.order_by("number")
        context["allocations"] = invoice.allocations.select_related("payment")
        context["reminders"] = invoice.reminders.order_by("sent_at")
        return context


class InvoiceViewSet(ModelViewSet):
    model = Invoice
    icon = "doc-full"
    menu_label = _("Invoices")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = InvoiceInspectView
    list_display = [
        "number",
        Column("kind", label=_("kind"), accessor="get_kind_display"),
        "organisation",
        "issue_date",
        "due_date",
        "total_incl_vat",
        Column("status", label=_("status"), accessor="get_status_display"),
    ]
    filterset_class = InvoiceFilterSet
    search_fields = ["number", "order_references", "purchase_order_reference"]
    inspect_view_fields = [
        "number",
        "kind",
        "organisation",
        "issue_date",
        "due_date",
        "status",
        "order_references",
        "purchase_order_reference",
        "credited_invoice",
        "reason",
        "reason_details",
        "total_excl_vat",
        "total_vat",
        "total_incl_vat",
        "amount_paid",
        "amount_credited",
        "created_by",
        "transmitted_at",
        "platform_reference",
    ]
    form_fields = []  # never edited: corrections are credit notes

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/credit/", admin_views.credit_note_new, name="credit"),
        ]


class PaymentViewSet(ModelViewSet):
    model = Payment
    icon = "doc-full"
    menu_label = _("Payments received")
    add_to_reference_index = False
    copy_view_enabled = False
    list_display = [
        "received_on",
        "organisation",
        Column("method", label=_("method"), accessor="get_method_display"),
        "reference",
        "amount",
        "recorded_by",
    ]
    list_filter = ["method", "organisation"]
    search_fields = ["reference", "organisation__name"]
    form_fields = ["reference"]  # unused: "add" is ``admin_views.payment_new``

    def get_urlpatterns(self):
        # A payment is never edited nor deleted (what it paid stays paid): the
        # list, and "add" as the form over ``payment_record``.
        patterns = [
            p for p in super().get_urlpatterns() if p.name in {"index", "index_results"}
        ]
        return [*patterns, path("new/", admin_views.payment_new, name="add")]


class OrderingViewSetGroup(ViewSetGroup):
    menu_label = _("Orders and stock")
    menu_icon = "list-ul"
    menu_order = 210
    items = (
        OrderViewSet,
        ShipmentViewSet,
        InvoiceViewSet,
        PaymentViewSet,
        StockLevelViewSet,
        ProductViewSet,
        PriceListViewSet,
        WarehouseViewSet,
        CarrierViewSet,
    )


@hooks.register("register_admin_viewset")
def register_ordering_viewsets():
    return OrderingViewSetGroup()
