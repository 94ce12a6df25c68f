"""The demo units' after-sales life: the maintenance visits behind each
"serviced" installation, repairs (fixed at once or not), one active safety
notice on a range of OsmoPure 100 serial numbers, done on some units and not
on others, and a warranty claim in each status.

Visits go through ``visit_record`` as a technician's phone would send them,
and claims through the claim services as installers and Oxyplus's staff
would decide them, so everything is exactly what the portal produces.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, UnitNotice
from accounts.aftersales.notices.services import unit_notice_done, unit_notice_read
from accounts.aftersales.services.claim_outcomes import (
    claim_close,
    claim_receive_return,
    claim_refuse,
)
from accounts.aftersales.services.claims import claim_approve, claim_file
from accounts.aftersales.services.visits import VisitDetails, visit_record
from accounts.customers.models import Installation
from accounts.demo.customers import CUSTOMERS
from accounts.network.models import Membership, Role, User
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
    _seed_claims(units, log=log)


# serial → (fault code, symptom, the status the claim is taken to)
CLAIMS = [
    ("OS1-2209156", "E21", "La pompe de surpression ne démarre plus.", "submitted"),
    ("UV4-0388215", "L1", "Le ballast ne fournit plus de tension.", "approved"),
    ("AP2-0201458", "F3", "Capteur encrassé par la poussière du chantier.", "refused"),
    ("AQ5-0572194", "E05", "Vanne bloquée en régénération.", "part_returned"),
    ("AP2-0193377", "F1", "Moteur du ventilateur bruyant.", "closed"),
]


def _seed_claims(units: dict[str, Installation], *, log: Log) -> None:
    manager = User.objects.get(email="manager@oxyplus.test")
    agent = User.objects.get(email="agent@oxyplus.test")
    today = timezone.localdate()
    made = 0
    for serial, code, symptom, status in CLAIMS:
        unit = units.get(serial)
        part = (
            # A spare part when the appliance has one ("spare_part" sorts last).
            Product.objects.filter(fits__appliance=unit.appliance)
            .order_by("-kind", "reference")
            .first()
            if unit
            else None
        )
        by = _technician(unit.organisation_id) if unit else None
        if part is None or by is None:
            continue
        claim = claim_file(
            installation=unit,
            by=by,
            part=part,
            quantity=1,
            fault_on=max(unit.installed_on, today - timedelta(days=3)),
            symptom=symptom,
            fault_code=code,
        )
        if status == "refused":
            claim_refuse(
                claim=claim, by=manager, reason="Dommage dû au chantier, hors garantie."
            )
        elif status != "submitted":
            claim_approve(claim=claim, by=manager, return_required=status != "closed")
        if status == "part_returned":
            claim_receive_return(claim=claim, by=agent, note="Vanne reçue à Lyon.")
        if status == "closed":
            claim_close(claim=claim, by=manager, note="Pièce remplacée.")
        made += 1
    log(f"Filed {made} warranty claims")


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
