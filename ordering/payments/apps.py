from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "ordering.payments"
    label = "payments"
    verbose_name = _("Card payments")

    def ready(self):
        # Connects the receivers: a cancelled order's card payment is refunded.
        from ordering.payments import receivers  # noqa: F401
