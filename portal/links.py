"""Absolute links for e-mails: one helper for every app.

A link in an e-mail needs the site's address. In production (and whenever
``DJANGO_BASE_URL`` is set) that address is the setting, never the request's
``Host`` header, which a client chooses (Host header poisoning would put an
attacker's address in a password or invitation e-mail). In development with no
``DJANGO_BASE_URL``, links follow the address the development server is reached
at: ``CurrentOriginMiddleware`` keeps the request's scheme and host while it is
served, and tasks run immediately, inside that request. Outside a request (a
worker, a management command) the setting is used.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

_current_origin: ContextVar[str | None] = ContextVar("portal_origin", default=None)


def absolute_url(path: str) -> str:
    """``path`` (``/reseller/orders/…``) as an absolute URL for an e-mail."""
    origin = _current_origin.get() if settings.PORTAL_LINKS_FROM_REQUEST else None
    return (origin or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


class CurrentOriginMiddleware:
    """In development without ``DJANGO_BASE_URL``, remember where the request
    was sent (``http://127.0.0.1:8101``) for the links built while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PORTAL_LINKS_FROM_REQUEST:
            return self.get_response(request)
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = None
        token = _current_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _current_origin.reset(token)
