from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "accounts.aftersales"
    label = "aftersales"
    verbose_name = _("After-sales")

    def ready(self):
        from accounts.aftersales import signals

        signals.connect()
