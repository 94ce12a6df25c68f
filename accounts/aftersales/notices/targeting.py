"""The units a safety notice concerns: exactly those, and no other.

Every criterion the editor filled in must hold (appliance models always; a
serial range or list, firmware versions, installation dates when given). A
serial range compares compact serials (``Installation.serial_compact``: upper
case, no separators) of the same length as its boundaries, in alphabetical
order, both boundaries included; with upper-case letters and digits only,
that order is the same in every database collation.
"""

from django.db.models import QuerySet
from django.db.models.functions import Length

from accounts.customers.models import Installation
from pages.models import SafetyNoticePage
from portal.folding import serial_compact


def units_targeted_by(notice: SafetyNoticePage) -> QuerySet[Installation]:
    """The recorded installations the notice concerns."""
    units = Installation.objects.filter(
        status=Installation.Status.SUBMITTED,
        appliance__in=notice.appliances.values("pk"),
    )
    low, high = serial_compact(notice.serial_from), serial_compact(notice.serial_to)
    if low and high:
        units = units.annotate(serial_length=Length("serial_compact")).filter(
            serial_length=len(low),
            serial_compact__gte=low,
            serial_compact__lte=high,
        )
    if serials := notice.serials:
        units = units.filter(serial_compact__in=serials)
    if versions := notice.firmware_versions:
        units = units.filter(firmware__in=versions)
    if notice.installed_from:
        units = units.filter(installed_on__gte=notice.installed_from)
    if notice.installed_to:
        units = units.filter(installed_on__lte=notice.installed_to)
    return units
