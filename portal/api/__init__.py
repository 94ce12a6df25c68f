"""The REST API for the resellers' and the website's own software: /api/v1/.

django-ninja, which Wagtail already installs, builds it from typed views and
serves the OpenAPI schema (``openapi.json``) and the interactive
documentation (``docs``). Every call carries a personal token (see
``auth``); every answer that is not a success is a JSON body whose
``detail`` says what is wrong (422: ninja's list of invalid fields).
"""

import math

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, Throttled

from portal.api import installations, invoices, orders, products, shipments
from portal.api.auth import ApiTokenAuth, TokenRateThrottle

_ERROR = {"$ref": "#/components/schemas/ErrorOut"}
# Answers any operation may give, documented once here rather than on each.
COMMON_RESPONSES = {
    "401": (
        "No token, or one that is not valid, revoked or whose person "
        "may no longer use the API.",
        _ERROR,
    ),
    "422": (
        "Invalid parameters or body: detail lists each field and why.",
        {"$ref": "#/components/schemas/ValidationErrorOut"},
    ),
    "429": ("Too many requests: retry after Retry-After seconds.", _ERROR),
}
VALIDATION_ERROR = {
    "title": "ValidationErrorOut",
    "type": "object",
    "properties": {
        "detail": {
            "title": "Detail",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        }
    },
    "required": ["detail"],
}


class PortalAPI(NinjaAPI):
    """Short operation ids, and the answers every operation may give."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        schema["components"]["schemas"].setdefault(
            "ValidationErrorOut", VALIDATION_ERROR
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for status, (description, body) in COMMON_RESPONSES.items():
                    if int(status) not in responses and status not in responses:
                        responses[int(status)] = {
                            "description": description,
                            "content": {"application/json": {"schema": body}},
                        }
        return schema


api = PortalAPI(
    title="Oxyplus portal API",
    version="1",
    description=(
        "Products and stock, orders, shipments and tracking, installations, "
        "invoices and credit notes (with their Factur-X file), the statement "
        "of account: "
        "what the portal's pages show, for your own software. Authenticate "
        "with a personal token (`Authorization: Bearer <token>`) created on the "
        "portal under My account → API tokens. Lists come in pages "
        "(page, page_size up to 200)."
    ),
    urls_namespace="api",
    auth=ApiTokenAuth(),
    throttle=[TokenRateThrottle()],
    # Served from the bundled files, never a CDN; no call to the online validator.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
api.add_router("/products", products.router)
api.add_router("/orders", orders.router)
api.add_router("", shipments.router)
api.add_router("/installations", installations.router)
api.add_router("", invoices.router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": str(error)}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    # Ninja adds the Retry-After header to this answer; the body says it too.
    wait = math.ceil(error.wait) if error.wait else None
    detail = (
        _("Too many requests: at most %(rate)s per token. Retry in %(seconds)s s.")
        if wait
        else _("Too many requests: at most %(rate)s per token. Retry later.")
    )
    return api.create_response(
        request,
        {"detail": detail % {"rate": settings.PORTAL_API_RATE, "seconds": wait}},
        status=429,
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)
