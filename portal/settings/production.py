"""Production: refuses to start without a secret key and allowed hosts.

Everything else (database, Redis, email, proxies) comes from the environment,
as in every other settings module.
"""

from django.core.exceptions import ImproperlyConfigured

from portal.logs import logging_settings
from portal.settings.base import *
from portal.settings.base import DATABASES, env

# No default: a missing variable raises ImproperlyConfigured at start-up.
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set the DJANGO_ALLOWED_HOSTS environment variable")

# Debug pages show settings and code to anyone: production refuses to start
# rather than quietly ignore a DJANGO_DEBUG=true left in its environment.
if env.bool("DJANGO_DEBUG", default=False):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is on with the production settings: remove it from the "
        "environment (and from .env)."
    )
DEBUG = False
# Persistent connections, checked before each request (CONN_HEALTH_CHECKS).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
PORTAL_STAFF_MFA_REQUIRED = env.bool("DJANGO_STAFF_MFA_REQUIRED", default=True)
TASKS = {
    "default": {
        "BACKEND": env(
            "DJANGO_TASKS_BACKEND",
            default="django_tasks_db.DatabaseBackend",
        )
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# One JSON object per line, with time, level, request id and user id.
LOGGING = logging_settings(json=True, level=env("DJANGO_LOG_LEVEL", default="INFO"))
# Server errors are mailed to ADMINS ("Name <address>", comma-separated) when
# set, besides Sentry.
ADMINS = [
    tuple(part.strip(" >") for part in admin.split("<"))
    for admin in env.list("DJANGO_ADMINS", default=[])
]
if ADMINS:
    LOGGING["handlers"]["mail_admins"] = {
        "class": "django.utils.log.AdminEmailHandler",
        "level": "ERROR",
    }
    LOGGING["loggers"]["django.request"] = {
        "handlers": ["console", "mail_admins"],
        "level": "ERROR",
        "propagate": False,
    }

# Error tracking: every unhandled exception (web and worker) goes to Sentry
# when SENTRY_DSN is set. No personal data is sent (send_default_pii off).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )
