from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "ordering.invoicing"
    label = "invoicing"
    verbose_name = _("Invoicing")

    def ready(self):
        # Connects the receivers: a shipment that leaves is invoiced.
        from ordering.invoicing import receivers  # noqa: F401
