"""The network's models: who works in it, in which organisation, with which rights."""

from accounts.network.models.api_tokens import ApiToken
from accounts.network.models.organisations import (
    Invitation,
    Membership,
    Organisation,
    OrganisationAddress,
    Role,
    TerritoryPrefix,
    User,
    UserManager,
    hash_token,
    postcode_prefix_validator,
)

__all__ = [
    "ApiToken",
    "Invitation",
    "Membership",
    "Organisation",
    "OrganisationAddress",
    "Role",
    "TerritoryPrefix",
    "User",
    "UserManager",
    "hash_token",
    "postcode_prefix_validator",
]
