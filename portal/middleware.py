"""Site-wide middleware: the content security policy and the language choice."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
