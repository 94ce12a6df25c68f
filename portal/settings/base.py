"""Settings shared by every environment.

Every behaviour switch reads an environment variable through the one ``env``
object; ``dev.py``, ``test.py`` and ``production.py`` only change defaults.
The variables are listed in README.md and in ``.env.example``.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from portal.logs import configure_structlog, logging_settings
from portal.settings.database import database_from_env
from portal.settings.einvoicing import einvoicing_from_env
from portal.settings.storages import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",  # the seller's details on invoices
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # The API's interactive documentation, served from ninja's own files.
    "ninja",
    "django_structlog",
    # /health/ready/ (portal.health): its page templates.
    "health_check",
    "heroicons",  # icons as inline SVG from the package: no CDN, no font
]
LOCAL_APPS = [
    "portal",
    "accounts.network",
    "accounts.customers",
    "accounts.callbacks",
    "accounts.aftersales",
    "accounts.customer_space",
    "ordering.catalogue",
    "ordering.stock",
    "ordering.orders",
    "ordering.shipping",
    "ordering.invoicing",
    "ordering.payments",
    "pages",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.links.CurrentOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Binds request_id and user_id to every log line of the request.
    "django_structlog.middlewares.RequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.network.middleware.OrganisationAccessMiddleware",
    "accounts.network.middleware.StaffMFAMiddleware",
    "portal.middleware.PortalInputMiddleware",
    "pages.cache.WagtailSiteCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
            # `{{ amount|money }}` in every template, the one money formatter.
            "builtins": ["portal.templatetags.money", "portal.templatetags.phones"],
        },
    },
]
# Django's renderer, its commonest form templates written in Python instead.
FORM_RENDERER = "portal.widgets.FormRenderer"

# --- Data -------------------------------------------------------------------

# JIT off on PostgreSQL, connections checked before reuse (settings/database.py).
DATABASES = {"default": database_from_env(env, BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Several app servers share the cache (rate-limit counters, the
    # documentation cache). The cache only speeds things up: when Redis is
    # down, reads miss and writes are dropped (IGNORE_EXCEPTIONS) instead of
    # answering 500, and short timeouts keep a hung Redis from holding pages.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "portal.cache"
    # Sessions are written to the database and read from the cache first:
    # a Redis restart costs a database read, never a logout.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Wagtail looks image renditions up here before asking the database.
CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": "renditions"}

_IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"
TASKS = {"default": {"BACKEND": env("DJANGO_TASKS_BACKEND", default=_IMMEDIATE_TASKS)}}
# The worker (manage.py run_worker, portal.worker): a task failing on a
# transient error (SMTP, database, Redis, Stripe unreachable) is tried again
# after PORTAL_TASK_RETRY_SECONDS, doubled each time, up to
# PORTAL_TASK_MAX_ATTEMPTS tries; one left RUNNING longer than
# PORTAL_TASK_STALE_SECONDS lost its worker and runs again.
PORTAL_TASK_MAX_ATTEMPTS = env.int("PORTAL_TASK_MAX_ATTEMPTS", default=10)
PORTAL_TASK_RETRY_SECONDS = env.float("PORTAL_TASK_RETRY_SECONDS", default=30)
PORTAL_TASK_STALE_SECONDS = env.int("PORTAL_TASK_STALE_SECONDS", default=600)
# Readiness (/health/ready/) fails when a due task waited longer than this:
# no worker is running.
PORTAL_TASK_BACKLOG_ALERT_SECONDS = env.int(
    "PORTAL_TASK_BACKLOG_ALERT_SECONDS", default=900
)
# Finished tasks are deleted after this many days (scheduler).
PORTAL_TASK_RESULTS_KEEP_DAYS = env.int("PORTAL_TASK_RESULTS_KEEP_DAYS", default=30)
# The approved e-invoicing platform (ordering.invoicing.platforms), from the env.
PORTAL_EINVOICING_PLATFORM = env("PORTAL_EINVOICING_PLATFORM", default="folder")
PORTAL_EINVOICING = einvoicing_from_env(env)

# --- Authentication ---------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_CHECKS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _CHECKS + "UserAttributeSimilarityValidator"},
    {"NAME": _CHECKS + "MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": _CHECKS + "CommonPasswordValidator"},
    {"NAME": _CHECKS + "NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.network.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Customers sign in with a code sent by email; they have no password.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Oxyplus] "
# Five wrong passwords for one address within 5 minutes lock that address out;
# allauth also keeps its per-IP limits for login, reset and sign-up.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Oxyplus"
# A code typed as it rolls over still counts: one 30 s step either side (RFC 6238).
MFA_TOTP_TOLERANCE = 1
# Staff must enrol a TOTP device before they reach the Wagtail admin.
PORTAL_STAFF_MFA_REQUIRED = env.bool("DJANGO_STAFF_MFA_REQUIRED", default=True)

USERSESSIONS_TRACK_ACTIVITY = False

# How long an invitation link stays valid.
PORTAL_INVITATION_VALID_DAYS = 7
# An installer's request to join an installation to a customer record that
# another reseller or channel holds waits this long for the customer's answer.
PORTAL_CUSTOMER_LINK_VALID_DAYS = 30

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = "Oxyplus"
PORTAL_BASE_URL = env("DJANGO_BASE_URL", default="")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL or "http://127.0.0.1:8000"
# Links in e-mails (portal.links) follow the request's own address only where
# dev.py says so: never in production, where the Host header is the client's.
PORTAL_LINKS_FROM_REQUEST = False
WAGTAILADMIN_LOGIN_URL = "account_login"
# Passwords are handled by allauth (rate limits, MFA), not by Wagtail's forms.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_MODEL = "pages.TechnicalDocument"
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = "portal.formats"  # one date style per language: see there

# --- Static and media files -------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "static"))
# Public media (Wagtail images and renditions) are served here by
# portal.media when no web server or object storage answers first.
MEDIA_URL = "/media/"
# Public uploads (catalogue pictures) and private files sit side by side in
# media/; only media/public is ever served at MEDIA_URL. Private files
# (technical documents, installation photos) have no URL at all: views that
# check permission stream them.
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media" / "public"))
PRIVATE_MEDIA_ROOT = env(
    "DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "media" / "private")
)
# A public file's name is never given to other content (portal.storage), so
# browsers and CDNs may keep it a year.
PORTAL_MEDIA_MAX_AGE = 365 * 24 * 60 * 60
# Local disk by default; with DJANGO_S3_BUCKET set, every app server and the
# worker read and write the same files (README.md, "Object storage").
PORTAL_S3_BUCKET = env("DJANGO_S3_BUCKET", default="")
STORAGES, PORTAL_MEDIA_ORIGINS = storages_from_env(
    env, private_root=PRIVATE_MEDIA_ROOT, max_age=PORTAL_MEDIA_MAX_AGE
)

# --- Email ------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("DJANGO_EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# An SMTP server that accepts the connection and then hangs must not hold a
# worker for ever: the task fails, and is tried again later.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="portail@oxyplus.fr")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_SUPPORT_EMAIL = env("PORTAL_SUPPORT_EMAIL", default="reseaux@oxyplus.fr")
PORTAL_SUPPORT_PHONE = env("PORTAL_SUPPORT_PHONE", default="+33 1 84 60 00 00")

# --- Ordering and payments ------------------------------------------------------

PORTAL_ORDER_PREFIX = "OXY"
# Card payment appears only when both Stripe keys are set; ordering on
# account works without them.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Only tests point the library elsewhere (a local fake of Stripe's API).
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")

# --- REST API -------------------------------------------------------------------

# Requests per token: a number, "/", then s, m, h or d (see README.md, API).
PORTAL_API_RATE = env("PORTAL_API_RATE", default="120/m")

# --- Customers and installations ---------------------------------------------

# Installation photos: a phone's full-size picture passes (48 MP), a bomb not.
PORTAL_PHOTO_MAX_BYTES = 15 * 1024 * 1024
PORTAL_PHOTO_MAX_PIXELS = 60_000_000
PORTAL_PHOTOS_PER_INSTALLATION = 10
# Photos sent with forms not saved yet, per user: a few forms' worth. Past
# it, the oldest of forms left unsaved make room (all are purged after a day).
PORTAL_PHOTOS_PENDING_PER_USER = 3 * PORTAL_PHOTOS_PER_INSTALLATION
# Callback requests: the promise made to the customer, in working days
# (Monday to Friday, French public holidays off) within working hours, and
# how long before the due time the owner is reminded.
PORTAL_CALLBACK_DUE_WORKING_DAYS = env.int(
    "PORTAL_CALLBACK_DUE_WORKING_DAYS", default=1
)
PORTAL_CALLBACK_WORKING_HOURS = (9, 18)
PORTAL_CALLBACK_REMIND_MINUTES = env.int("PORTAL_CALLBACK_REMIND_MINUTES", default=60)
# The call center's shared mailbox: reminded of callbacks nobody took yet.
PORTAL_CALL_CENTER_EMAIL = env(
    "PORTAL_CALL_CENTER_EMAIL", default="centre-appels@oxyplus.fr"
)

# Customers without card payment pay web orders by transfer to this account.
PORTAL_BANK_IBAN = env("PORTAL_BANK_IBAN", default="FR76 3000 4000 0100 0123 4567 890")
PORTAL_BANK_BIC = env("PORTAL_BANK_BIC", default="BNPAFRPPXXX")

# --- Security ---------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Longest query string served (portal.middleware.PortalInputMiddleware): the
# limit of common web servers, far above any link or filter the portal builds.
PORTAL_MAX_QUERY_STRING = 8192

# The portal's own pages load nothing inline and nothing from elsewhere.
# PortalCSPMiddleware loosens the policy for the Wagtail admin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Pictures may come from object storage or a CDN (S3 settings above).
        "img-src": ["'self'", "data:", *PORTAL_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PORTAL_ADMIN_PATH_PREFIX = "/admin/"
PORTAL_ADMIN_CSP_EXTRA = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:", "https:"],
    "frame-src": ["'self'", "https:"],
    "media-src": ["'self'", "blob:"],
    "worker-src": ["'self'", "blob:"],
}
PORTAL_ADMIN_CSP_REPLACE = {"frame-ancestors": ["'self'"]}

# Time, level, logger, request id and user id on every line (portal.logs);
# production.py switches to JSON.
configure_structlog()
LOGGING = logging_settings(json=False, level=env("DJANGO_LOG_LEVEL", default="INFO"))
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = True
# The id nginx gives each request (X-Request-ID, deploy/nginx.conf, which
# replaces any the client sent) is the one in gunicorn's access log and in
# the application's lines.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
