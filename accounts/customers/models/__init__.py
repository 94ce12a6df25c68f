"""End customers, their installations, and what they were sent."""

from accounts.customers.models.audit import AuditEntry
from accounts.customers.models.customers import (
    Customer,
    CustomerLink,
    Installation,
    InstallationPhoto,
)
from accounts.customers.models.emails import CustomerEmail
from accounts.customers.models.maintenance import (
    InstallationConsumable,
    MaintenanceReminder,
)

__all__ = [
    "AuditEntry",
    "Customer",
    "CustomerEmail",
    "CustomerLink",
    "Installation",
    "InstallationConsumable",
    "InstallationPhoto",
    "MaintenanceReminder",
]
