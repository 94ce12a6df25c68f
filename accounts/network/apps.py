from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "accounts.network"
    label = "accounts"
    verbose_name = _("Accounts and resellers")
