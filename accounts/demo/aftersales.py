"""The demo units' after-sales life: the maintenance visits behind each
"serviced" installation, repairs (fixed at once or not), and one active
safety notice on a range of OsmoPure 100 serial numbers, done on some units
and not on others.

Visits go through ``visit_record`` as a technician's phone would send them,
so the checklists, schedules and warranties are exactly the portal's.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, UnitNotice
from accounts.aftersales.notices.services import unit_notice_done, unit_notice_read
from accounts.aftersales.services.visits import VisitDetails, visit_record
from accounts.customers.models import Installation
from accounts.demo.customers import CUSTOMERS
from accounts.network.models import Membership, Role
from ordering.catalogue.models import Product
from pages.models import HomePage, SafetyNoticeIndexPage, SafetyNoticePage

Log = Callable[[str], None]

# serial → (days ago, fault code, fixed on that visit): repairs on demo units.
REPAIRS = {
    "OS1-2207841": [(40, "E12", True)],
    "AQ3-1154820": [(95, "E05", False), (88, "E05", True)],
    "AP4-0077310": [(20, "F2", True)],
}
NOTICE_SLUG = "raccord-osmopure-100"


def _technician(organisation_id: int):
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, role=Role.TECHNICIAN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _record(unit: Installation, *, on: date, kind: str, **fields) -> None:
    by = _technician(unit.organisation_id)
    if by is None or on < unit.installed_on or on > timezone.localdate():
        return
    answers = {item.pk: True for item in unit.appliance.checklist_items.all()}
    visit_record(
        installation=unit,
        by=by,
        details=VisitDetails(
            kind=kind,
            visited_on=on,
            answers=answers,
            signed_by=unit.customer.full_name,
            notes=fields.pop("notes", ""),
            **fields,
        ),
    )


def seed_aftersales(*, log: Log) -> None:
    """Visits and the safety notice; safe to run again (nothing is doubled)."""
    if ServiceVisit.objects.exists():
        return
    today = timezone.localdate()
    units = {
        unit.serial_number: unit
        for unit in Installation.objects.filter(
            status=Installation.Status.SUBMITTED
        ).select_related("appliance", "customer", "organisation")
    }
    demo = [
        i
        for customers in CUSTOMERS.values()
        for c in customers
        for i in c.installations
    ]
    for spec in demo:
        unit = units.get(spec.serial)
        if unit is not None and spec.serviced:
            _record(
                unit,
                on=today - timedelta(days=spec.serviced),
                kind=ServiceVisit.Kind.MAINTENANCE,
                notes="Entretien annuel : tout est conforme.",
            )
    for serial, repairs in REPAIRS.items():
        for days, code, fixed in repairs:
            if serial in units:
                _record(
                    units[serial],
                    on=today - timedelta(days=days),
                    kind=ServiceVisit.Kind.REPAIR,
                    fault_code=code,
                    fixed=fixed,
                    notes="Réparé sur place." if fixed else "Pièce à commander.",
                )
    log(f"Recorded {ServiceVisit.objects.count()} service visits")
    _seed_notice(log=log)


def _seed_notice(*, log: Log) -> None:
    if SafetyNoticePage.objects.filter(slug=NOTICE_SLUG).exists():
        return
    home = HomePage.objects.first()
    if home is None:
        return
    folder = SafetyNoticeIndexPage.objects.first()
    if folder is None:
        folder = SafetyNoticeIndexPage(
            title="Avis de sécurité", slug="avis-de-securite"
        )
        home.add_child(instance=folder)
        folder.save_revision().publish()
    notice = SafetyNoticePage(
        title="OsmoPure 100 : remplacer le raccord rapide d'alimentation",
        slug=NOTICE_SLUG,
        serial_from="OS1-2200000",
        serial_to="OS1-2299999",
        action_required=(
            "<p>Sur les OsmoPure 100 de cette série, le raccord rapide "
            "d'alimentation peut se fissurer. Remplacez-le par le raccord "
            "renforcé RR-8 lors de la prochaine visite, au plus tard sous "
            "30 jours.</p>"
        ),
        due_days=30,
    )
    notice.appliances = list(Product.objects.filter(reference="OSP-100"))
    folder.add_child(instance=notice)
    notice.save_revision().publish()
    rows = list(UnitNotice.objects.filter(notice=notice).select_related("installation"))
    for row in rows[: len(rows) // 2]:
        by = _technician(row.installation.organisation_id)
        if by is not None:
            unit_notice_done(
                unit_notice=row, by=by, note="Raccord RR-8 posé, essai d'étanchéité OK."
            )
    for row in rows[len(rows) // 2 :][:1]:
        by = _technician(row.installation.organisation_id)
        if by is not None:
            unit_notice_read(unit_notice=row, by=by)
    log(f"Published a safety notice on {len(rows)} units")
