"""Where to send someone back to after a form: one check for every view.

A ``next`` taken from the request is only followed when it is a path on this
site (``/reseller/stock/?q=…``). Anything else, an address elsewhere
(``//evil.test``, ``https://evil.test``), a scheme (``javascript:``) or a
word (``not-a-path``, which ``redirect()`` would take for a view name and
fail on), gives the view's own default.
"""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from portal.text import is_storable


def local_path(target: str | None, *, request: HttpRequest) -> str | None:
    """``target`` when it is a path on this site, else None."""
    if not target or not target.startswith("/") or not is_storable(target):
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


def next_url(request: HttpRequest, default: str, *, field: str = "next") -> str:
    """The local path the form sent in ``field`` (POST, else GET), or
    ``default``."""
    target = request.POST.get(field) or request.GET.get(field)
    return local_path(target, request=request) or default
