"""Test runs: fast hashing, in-memory email, tasks run at once, MFA optional."""

import tempfile

from portal.settings.base import *
from portal.settings.base import PORTAL_EINVOICING, env

SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PORTAL_STAFF_MFA_REQUIRED = env.bool("DJANGO_STAFF_MFA_REQUIRED", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    # The real private storage, in a throw-away folder: tests check it has no URL.
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="oxyplus-private-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Invoices "sent" to the local folder platform land in a throw-away folder.
PORTAL_EINVOICING = {
    **PORTAL_EINVOICING,
    "folder": tempfile.mkdtemp(prefix="oxyplus-einv-"),
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files come straight from the apps; there is no collectstatic in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
