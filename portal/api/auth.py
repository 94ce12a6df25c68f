"""Who calls: a personal token sent as ``Authorization: Bearer <token>``.

The token's person becomes ``request.user`` for the request, so every
endpoint reads through the same visibility selectors as the pages.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from accounts.network.models import ApiToken
from accounts.network.services import ApiTokenError, api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """A live token of an active staff member or reseller member; anything
    else answers 401 with the reason."""

    def __call__(self, request: HttpRequest) -> ApiToken:
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            raise AuthenticationError(
                message=_(
                    "Send your API token in the Authorization header: Bearer <token>."
                )
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        try:
            api_token = api_token_authenticate(secret=token)
        except ApiTokenError as error:
            raise AuthenticationError(message=str(error)) from None
        request.user = api_token.user
        return api_token


class TokenRateThrottle(SimpleRateThrottle):
    """``PORTAL_API_RATE`` requests per token, counted in the default cache
    (shared by every app server when ``REDIS_URL`` is set)."""

    scope = "portal_api"

    def __init__(self) -> None:
        super().__init__(rate=settings.PORTAL_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read on each request: a changed setting applies without a restart.
        self.rate = settings.PORTAL_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return f"portal-api-rate:{token.pk}" if token is not None else None
