from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Documentation")

    def ready(self):
        # Not at the top: signals import models, which need the app registry.
        from pages import signals

        signals.connect()
