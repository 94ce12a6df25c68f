import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# What the first request would load lazily (URLconf, translations, templates),
# loaded now: in gunicorn's master when it preloads (deploy/gunicorn.conf.py).
# Imported only now: the settings must be configured first.
from portal.warmup import warm_up  # noqa: E402

warm_up_ms = warm_up()
