from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomerSpaceConfig(AppConfig):
    """The end customer's own pages: it composes customers, orders, payments,
    callbacks and the documentation, so it sits above all of them."""

    name = "accounts.customer_space"
    label = "customer_space"
    verbose_name = _("Customer space")
