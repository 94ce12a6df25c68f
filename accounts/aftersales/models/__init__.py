"""After-sales on the installed unit: service visits, warranty claims (and,
in their own module, safety notices)."""

from accounts.aftersales.models.claims import (
    ClaimEvent,
    ClaimPhoto,
    RmaSequence,
    WarrantyClaim,
)
from accounts.aftersales.models.visits import ServiceVisit, VisitPart

__all__ = [
    "ClaimEvent",
    "ClaimPhoto",
    "RmaSequence",
    "ServiceVisit",
    "VisitPart",
    "WarrantyClaim",
]
