"""Rendered documentation, kept in the cache until the documentation changes.

A documentation page is read many times between two publications, and its
content is the same for every reader. Its templates cache the parts that do
not depend on the reader with ``{% wagtailpagecache %}``, whose key holds the
page's own ``cache_key`` (its id, path and publication time) and the
*documentation version* below. The version changes whenever something a page
shows from elsewhere changes: another page published, moved or removed (the
links to a manual or to fault codes), a picture or a document (renditions,
download links), an appliance (its name and reference), an editor's name.

The version lives in the default cache: with several app server processes,
set ``REDIS_URL`` so that a change reaches all of them at once.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from wagtail.models import Page

VERSION_KEY = "pages:documentation-version"
# A backstop: a fragment nobody asks for again leaves the cache after a day.
FRAGMENT_SECONDS = 24 * 60 * 60


def documentation_version() -> str:
    """The current version: one cache read, no query."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def documentation_version_bump() -> None:
    """Make every cached fragment stale, once the change is committed.

    After the commit, not before: a page rendered meanwhile would store the
    old content under the new version.
    """
    transaction.on_commit(
        lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    )


def _route_key(url_path: str) -> str:
    return f"pages:route:{documentation_version()}:{url_path}"


def page_at_path(*, root: Page, path_components: list[str]) -> tuple[Page, list]:
    """The deepest page under ``root`` on the requested path, and what is left.

    Wagtail's own routing asks each level for its child and then for that
    child's specific row: seven queries for a fault code. Here one query finds
    the deepest page whose path starts the request, kept in the cache as a
    hint (its id and type) until the documentation changes; one more reads the
    specific page. What is left (a routable page's sub-path such as
    ``fiche-client/``) is for that page's own ``route``. Returns ``(None, [])``
    when no page matches, so that the caller routes as Wagtail does.
    """
    if not path_components:
        return None, []
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in path_components[:depth])
        for depth in range(1, len(path_components) + 1)
    ]
    key = _route_key(prefixes[-1])
    hint = cache.get(key)
    if hint is None:
        hint = (
            Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
            .order_by("-depth")
            .values_list("pk", "content_type_id", "url_path")
            .first()
        )
        if hint is None:
            return None, []
        cache.set(key, hint, timeout=FRAGMENT_SECONDS)
    pk, content_type_id, url_path = hint
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=pk, url_path=url_path).first() if model else None
    if page is None or not page.path.startswith(root.path):
        return None, []
    return page, path_components[prefixes.index(url_path) + 1 :]


class WagtailSiteCacheMiddleware:
    """Keep Wagtail's site of each host in the cache: one query fewer per page.

    Wagtail looks the site up once per request and keeps it on the request
    (``request._wagtail_site``, see ``Site.find_for_request``); this fills
    that slot from the cache and, when the cache had nothing, stores what
    Wagtail found. It never queries by itself. A change of site changes page
    URLs, so it is part of the documentation version (see pages.signals).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            key = f"pages:site:{documentation_version()}:{request.get_host()}"
        except DisallowedHost:
            return self.get_response(request)
        key += f":{request.get_port()}"
        site = cache.get(key)
        if site is not None:
            request._wagtail_site = site
        response = self.get_response(request)
        if site is None and getattr(request, "_wagtail_site", None) is not None:
            cache.set(key, request._wagtail_site, timeout=FRAGMENT_SECONDS)
        return response
