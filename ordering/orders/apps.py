from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "ordering.orders"
    # The label of the single app this one grew out of: its tables, migration
    # history and content types stay as they are.
    label = "ordering"
    verbose_name = _("Orders")
