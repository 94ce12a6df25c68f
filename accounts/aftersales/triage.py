"""A customer's fault that needs a technician becomes a kept promise: a
callback to their installer (or the call center), already holding what the
technician needs to know before calling back."""

from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.aftersales.selectors import warranty_of
from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.services import CallbackDetails, callback_request
from accounts.customers.models import Installation
from accounts.network.models import User
from ordering.catalogue.models import Product
from pages.models import FaultCodePage, ReaderStruggle
from pages.services import reader_struggle_record
from portal.folding import fold

Kind = ReaderStruggle.Kind


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def likely_parts(*, installation: Installation, fault: FaultCodePage) -> list[Product]:
    """The appliance's spare parts whose name the fault's causes mention
    ("Sonde de cuve" for "sonde encrassée"): what the technician brings."""
    causes = fold(" ".join(str(block.value) for block in fault.probable_causes))
    if not causes:
        return []
    parts = Product.objects.filter(
        Q(kind=Product.Kind.SPARE_PART) | Q(kind=Product.Kind.CONSUMABLE),
        fits__appliance_id=installation.appliance_id,
    ).order_by("reference")
    return [p for p in parts if fold(p.name.split()[0]) in causes.split()]


def triage_summary(*, installation: Installation, fault: FaultCodePage) -> str:
    """What the callback says: unit, serial, warranty, last visit, consumables
    changed and likely parts, one line each."""
    warranty = warranty_of(installation)
    if not warranty.is_known:
        under = _("Warranty: unknown (no installation date).")
    elif warranty.is_active:
        under = _("Under warranty until %(day)s.") % {"day": _day(warranty.ends_on)}
    else:
        under = _("Warranty ended on %(day)s.") % {"day": _day(warranty.ends_on)}
    last = installation.visits.order_by("-visited_on", "-pk").first()
    lines = [
        _("Fault %(code)s: %(title)s") % {"code": fault.code, "title": fault.title},
        _("Appliance: %(name)s, serial number %(serial)s")
        % {"name": installation.appliance.name, "serial": installation.serial_number},
        under,
        (
            _("Last visit: %(kind)s on %(day)s")
            % {"kind": last.get_kind_display().lower(), "day": _day(last.visited_on)}
            if last
            else _("No visit recorded since the installation.")
        ),
    ]
    changed = installation.consumables.select_related("part").order_by("part__name")
    if changed:
        lines.append(
            _("Consumables: %(list)s")
            % {
                "list": "; ".join(
                    f"{c.part.name} ({_day(c.last_changed_on)})" for c in changed
                )
            }
        )
    parts = likely_parts(installation=installation, fault=fault)
    if parts:
        lines.append(
            _("Likely parts: %(list)s")
            % {"list": ", ".join(f"{p.reference} {p.name}" for p in parts)}
        )
    return "\n".join(lines)


@transaction.atomic
def visit_ask(
    *,
    installation: Installation,
    fault: FaultCodePage,
    by: User,
    phone: str = "",
    read_before: list[int] = (),
) -> CallbackRequest:
    """The customer asks for a technician about ``fault`` on their unit: a
    callback to the installer who fitted it, or to the call center when that
    reseller is suspended. The fault's page, and the pages read just before
    (``read_before``), are counted for their editors. Raises CallbackError
    (a duplicate included)."""
    installer = installation.organisation
    callback = callback_request(
        customer=installation.customer,
        by=by,
        details=CallbackDetails(
            reason=CallbackRequest.Reason.FAULT,
            phone=phone,
            installation=installation,
            fault_code=fault.code,
            details=triage_summary(installation=installation, fault=fault),
        ),
        owner_organisation=None if installer.is_suspended else installer,
    )
    reader_struggle_record(page_ids=[fault.pk], kind=Kind.VISIT_ASKED)
    reader_struggle_record(
        page_ids=[pk for pk in read_before if pk != fault.pk], kind=Kind.READ_BEFORE
    )
    return callback
