"""After-sales on the installed unit: service visits (and, in their own
modules, warranty claims and safety notices)."""

from accounts.aftersales.models.photos import VisitPhoto
from accounts.aftersales.models.visits import ServiceVisit, VisitPart

__all__ = ["ServiceVisit", "VisitPart", "VisitPhoto"]
