"""After-sales on the installed unit: service visits, safety notices on units
(and, in their own modules, warranty claims)."""

from accounts.aftersales.models.notices import UnitNotice
from accounts.aftersales.models.photos import VisitPhoto
from accounts.aftersales.models.visits import ServiceVisit, VisitPart

__all__ = ["ServiceVisit", "UnitNotice", "VisitPart", "VisitPhoto"]
