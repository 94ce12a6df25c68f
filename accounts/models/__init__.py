"""The accounts app's models: who works in the network, and whom it serves."""

from accounts.models.api_tokens import ApiToken
from accounts.models.audit import AuditEntry
from accounts.models.callbacks import CallbackRequest, CustomerEmail
from accounts.models.customers import (
    Customer,
    CustomerLink,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
    MaintenanceReminder,
)
from accounts.models.organisations import (
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
    "AuditEntry",
    "CallbackRequest",
    "Customer",
    "CustomerEmail",
    "CustomerLink",
    "Installation",
    "InstallationConsumable",
    "InstallationPhoto",
    "Invitation",
    "MaintenanceReminder",
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
