"""API tokens: create one (its secret shown once), revoke it, authenticate with it.

A token acts as its person, with that person's rights at the time of each
request: a person made inactive, or a member of a reseller that is suspended,
is refused even with a token that was never revoked.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.network.models import ApiToken, User, hash_token
from accounts.network.rights import may
from accounts.network.selectors import suspended_organisation_of

TOKEN_TAG = "oxy_"  # noqa: S105 - a public marker, so a leaked token is recognised
PREFIX_LENGTH = len(TOKEN_TAG) + 8
MAX_ACTIVE_TOKENS = 20
# ``last_used_at`` is written at most this often: not one write per request.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenError(Exception):
    """A token that cannot be created, revoked or used; the message says why."""


def may_use_api(user: User) -> bool:
    """Members of an active reseller and the call center; customers and the
    documentation staff have no API."""
    return may(user, "api.use")


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user. Returns it and its secret, which is kept
    nowhere else: only its hash is stored."""
    if not may_use_api(user):
        raise ApiTokenError(
            _("API tokens are for reseller members and the Oxyplus call center.")
        )
    name = " ".join(name.split())
    if not name:
        raise ApiTokenError(_("Say what the token is for."))
    # Lock the user's row: two creations at once cannot pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if (
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        >= MAX_ACTIVE_TOKENS
    ):
        raise ApiTokenError(
            _("You have %(max)s tokens in use: revoke one you no longer need first.")
            % {"max": MAX_ACTIVE_TOKENS}
        )
    secret = TOKEN_TAG + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_token(secret),
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Stop the token working at once; revoking it twice changes nothing."""
    if token.user_id != by.pk:
        raise ApiTokenError(_("Only the person the token belongs to can revoke it."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_authenticate(*, secret: str) -> ApiToken:
    """The live token with this secret, its user and the user's membership
    loaded (one query for the rights that follow); ``ApiTokenError``
    says why a secret is refused. Records when the token was last used."""
    token = (
        ApiToken.objects.select_related("user__membership__organisation")
        .filter(token_hash=hash_token(secret))
        .first()
        if secret.startswith(TOKEN_TAG)
        else None
    )
    if token is None:
        raise ApiTokenError(
            _("This API token is not valid. Create one on your account page.")
        )
    if token.is_revoked:
        raise ApiTokenError(
            _("This API token was revoked on %(date)s.")
            % {"date": date_format(timezone.localtime(token.revoked_at))}
        )
    user = token.user
    if not user.is_active:
        raise ApiTokenError(_("The account this token belongs to is closed."))
    suspended = suspended_organisation_of(user=user)
    if suspended is not None:
        raise ApiTokenError(
            _("%(organisation)s is suspended: access to the API is closed.")
            % {"organisation": suspended}
        )
    if not may_use_api(user):
        raise ApiTokenError(
            _("The API is for reseller members and the Oxyplus call center.")
        )
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_PRECISION:
        return
    # Conditional: of simultaneous requests, one writes.
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION),
        pk=token.pk,
    ).update(last_used_at=now)
    token.last_used_at = now
