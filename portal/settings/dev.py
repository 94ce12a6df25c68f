"""Local development: debug on, a throw-away key, emails printed to the console."""

from portal.settings.base import *
from portal.settings.base import PORTAL_BASE_URL, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="dev-only-key-never-used-in-production-0123456789abcdefghijklmnop",
)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"]
)
PORTAL_STAFF_MFA_REQUIRED = env.bool("DJANGO_STAFF_MFA_REQUIRED", default=False)
# E-mail links point where `runserver` answers (any port), unless
# DJANGO_BASE_URL names the address.
PORTAL_LINKS_FROM_REQUEST = not PORTAL_BASE_URL
