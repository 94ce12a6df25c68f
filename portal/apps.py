from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from portal.folding import register_sqlite_fold


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Before any query: the search columns' SQLite function (see folding).
        connection_created.connect(register_sqlite_fold)
