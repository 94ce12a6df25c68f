"""Site-wide middleware: the content security policy, the language choice,
and the edge every request's input crosses first.

``PortalInputMiddleware`` keeps characters a database cannot store out of
the views (``portal.text``): a NUL byte (``%00``) in a text column raises
``DataError`` on PostgreSQL, and lone surrogates cannot be encoded at all. Such a
character has no meaning in a search box or a form field, so it is removed
from every query string and form value (and uploaded file name) before a
view reads them; a path holding one names no page, and answers 404.

Lengths: a query string longer than ``PORTAL_MAX_QUERY_STRING`` (8 KB, the
limit of common web servers such as nginx, and far above any link or filter
the portal builds) answers 400 with a page that says why, rather than
having its values cut: a cut value would silently search or filter on
something the person did not type. Form fields carry their own
``max_length`` and say so in the form; request bodies are bounded by
Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

A Wagtail admin form posted without one of its fields (a page edit without
its StreamField's ``-count``) makes Wagtail read ``request.POST[...]`` and
raise ``MultiValueDictKeyError``: that one exception answers 400 too. So do
the few other inputs on which Wagtail 8's own admin views fail (found by
``tests/portal/test_fuzz_admin.py``): an id that is not a number where
Wagtail looks one up as sent, a search combined with the usage filter of
the image and document lists, a page's revision 0.
"""

import re

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _

from portal.text import is_storable, storable

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
# Django's message for an id that is not a number (never translated).
NOT_A_NUMBER = re.compile(r"Field '\w+' expected a number but got ")
SEARCH_WITHOUT_USAGE_FILTER = {
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtaildocs:index",
    "wagtaildocs:index_results",
}


class PortalCSPMiddleware(CSPMiddleware):
    """The strict portal policy, loosened only under the Wagtail admin, whose
    scripts and styles are partly inline and whose previews are framed."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(
            settings.PORTAL_ADMIN_PATH_PREFIX
        ):
            parts.update = {**settings.PORTAL_ADMIN_CSP_EXTRA, **(parts.update or {})}
            parts.replace = {
                **settings.PORTAL_ADMIN_CSP_REPLACE,
                **(parts.replace or {}),
            }
        return parts


class PortalLocaleMiddleware:
    """French unless the person chose English with the language switch.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not
    used: the portal is French first, and the switch's cookie is the choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in self.supported:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", code)
        return response


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The 400 page, saying what was wrong with the request."""
    return HttpResponse(
        render_to_string("400.html", {"message": message}, request), status=400
    )


def _cleaned(query: QueryDict) -> QueryDict | None:
    """A copy without unstorable characters, or None when there were none."""
    if all(
        is_storable(key) and all(is_storable(value) for value in values)
        for key, values in query.lists()
    ):
        return None
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(storable(key), [storable(value) for value in values])
    cleaned._mutable = False
    return cleaned


class PortalInputMiddleware:
    """Strip what PostgreSQL cannot store from every input; refuse a path
    holding it and an oversized query string (see the module docstring).

    Placed after the middleware that says who is signed in and for which
    reseller: the error pages it renders show the person's own header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_storable(request.path_info):
            raise Http404
        query_string = request.META.get("QUERY_STRING", "")
        if len(query_string) > settings.PORTAL_MAX_QUERY_STRING:
            return bad_request(
                request,
                _(
                    "The address of this page is too long (%(size)s characters at "
                    "most). Shorten the search or the filters and try again."
                )
                % {"size": settings.PORTAL_MAX_QUERY_STRING},
            )
        if (cleaned := _cleaned(request.GET)) is not None:
            request.GET = cleaned
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            if (cleaned := _cleaned(request.POST)) is not None:
                request.POST = cleaned
            for _field, uploads in request.FILES.lists():
                for upload in uploads:
                    if upload.name and not is_storable(upload.name):
                        upload.name = storable(upload.name)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(settings.PORTAL_ADMIN_PATH_PREFIX):
            return None
        name = request.resolver_match.view_name
        # Wagtail's page that fails on purpose, to test error reporting: a
        # staff member who stumbles on it would see a server error.
        if name == "wagtailadmin_error_test":
            raise Http404
        # Wagtail reads revision 0 as "no revision" and fails; none has it.
        if name == "wagtailadmin_pages:revisions_revert" and not view_kwargs.get(
            "revision_id"
        ):
            raise Http404
        # Wagtail's search cannot run on the usage count's annotation.
        if (
            name in SEARCH_WITHOUT_USAGE_FILTER
            and request.GET.get("q")
            and any(request.GET.get(f) for f in ("usage_count_min", "usage_count_max"))
        ):
            return bad_request(
                request,
                _(
                    "Search by words or filter by number of uses, not both at "
                    "once: clear one of them and try again."
                ),
            )
        return None

    def process_exception(self, request: HttpRequest, exception: Exception):
        # The external link chooser reads its url as sent, even when absent
        # (after its own access check, so only staff get this far).
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and match.view_name == "wagtailadmin_choose_page_external_link"
            and isinstance(exception, AttributeError)
            and "url" not in request.POST
        ):
            return bad_request(
                request,
                _("Give the link's address (its URL) and send the form again."),
            )
        # Only this class: any other KeyError is a bug to hear about.
        if type(exception) is MultiValueDictKeyError:
            return bad_request(
                request,
                _(
                    "The form was sent without one of its fields. Reload the page "
                    "and send it again."
                ),
            )
        # Wagtail's own screens look ids up as sent (a chooser's ``id``, a
        # chosen object's ``pk``, a chooser field of a form): an id that is
        # not a number, or is beyond any database's integers, fails there.
        if request.path_info.startswith(settings.PORTAL_ADMIN_PATH_PREFIX) and (
            isinstance(exception, OverflowError)
            or (
                isinstance(exception, ValueError) and NOT_A_NUMBER.match(str(exception))
            )
        ):
            return bad_request(
                request,
                _(
                    "The request names an item by a number that is not valid. "
                    "Reload the page and try again."
                ),
            )
        return None
