"""After-sales on the installed unit: service visits, warranty claims and
safety notices on units."""

from accounts.aftersales.models.claims import (
    ClaimEvent,
    ClaimPhoto,
    RmaSequence,
    WarrantyClaim,
)
from accounts.aftersales.models.notices import UnitNotice
from accounts.aftersales.models.photos import VisitPhoto
from accounts.aftersales.models.visits import ServiceVisit, VisitPart

__all__ = [
    "ClaimEvent",
    "ClaimPhoto",
    "RmaSequence",
    "ServiceVisit",
    "UnitNotice",
    "VisitPart",
    "VisitPhoto",
    "WarrantyClaim",
]
