from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import health, media, views
from portal.api import api

handler500 = "portal.health.server_error"

urlpatterns = [
    path("health/", health.alive, name="health_alive"),
    path("health/ready/", health.ready, name="health_ready"),
    # Public media, from the default storage (disk or bucket), in production
    # too: a web server or a CDN in front answers faster (README.md).
    path(
        f"{settings.MEDIA_URL.lstrip('/')}<path:name>",
        media.public_media,
        name="public_media",
    ),
    # The Wagtail admin signs in through allauth: same rate limits, same MFA.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("search/", views.search, name="search"),
    path("", include("accounts.urls")),
    path("", include("ordering.urls")),
    path("", include("pages.urls")),
    path("", include("portal.dashboards.urls")),
    path("docs/", include(wagtail_urls)),
]
