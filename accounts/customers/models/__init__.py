"""End customers, their installations, and what they were sent."""

from accounts.customers.models.audit import AuditEntry
from accounts.customers.models.customers import (
    Customer,
    CustomerLink,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
    MaintenanceReminder,
)
from accounts.customers.models.emails import CustomerEmail

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
