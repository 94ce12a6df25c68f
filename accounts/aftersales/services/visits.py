"""Recording a technician's service visit on an installed unit."""

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.aftersales.models import ServiceVisit, VisitPart, VisitPhoto
from accounts.aftersales.services.signatures import SignatureRejected, signature_clean
from accounts.customers.models import Installation
from accounts.customers.selectors import installations_visible_to
from accounts.customers.services.installations import consumable_mark_changed
from accounts.customers.services.installers import InstallationError
from accounts.network.models import User
from accounts.network.rights import active_organisation_of, may
from ordering.catalogue.models import ServiceChecklistItem


class VisitError(Exception):
    """A refusal whose message is fit for the technician."""


@dataclass(frozen=True)
class VisitDetails:
    """What the technician filled in, as the form cleaned it."""

    kind: str
    visited_on: date
    # Checklist point id → True/False for a check, a Decimal (or None) for a
    # measurement.
    answers: dict[int, bool | Decimal | None] = field(default_factory=dict)
    consumable_ids: list[int] = field(default_factory=list)
    # Part (product) id → quantity fitted.
    parts: dict[int, int] = field(default_factory=dict)
    fault_code: str = ""
    fixed: bool | None = None
    notes: str = ""
    signature: str = ""  # a PNG data URL, or nothing
    signed_by: str = ""


def can_record_visits(user: User) -> bool:
    return may(user, "visits.record") and active_organisation_of(user) is not None


def checklist_snapshot(items: list[ServiceChecklistItem], answers: dict) -> list[dict]:
    """The checklist as filled in: what each point said then, and the answer."""
    rows = []
    for item in items:
        row = {"label": item.label, "kind": item.kind, "unit": item.unit}
        answer = answers.get(item.pk)
        if item.kind == ServiceChecklistItem.Kind.MEASURE:
            row["value"] = None if answer in (None, "") else str(answer)
        else:
            row["done"] = bool(answer)
        rows.append(row)
    return rows


def visit_record(
    *,
    installation: Installation,
    by: User,
    details: VisitDetails,
    photos: list[VisitPhoto] = (),
) -> ServiceVisit:
    """Record a visit on a unit the technician may open: the checklist kept
    as filled in, the consumables changed start their schedule again, the
    parts fitted, the photos and the customer's signature attached."""
    organisation = active_organisation_of(by)
    unit_ok = (
        installations_visible_to(by)
        .filter(pk=installation.pk, status=Installation.Status.SUBMITTED)
        .exists()
    )
    if not can_record_visits(by) or not unit_ok:
        raise VisitError(_("This unit is not yours to record a visit on."))
    if details.visited_on > timezone.localdate():
        raise VisitError(_("The visit cannot be in the future."))
    if details.visited_on < installation.installed_on:
        raise VisitError(_("The visit cannot be before the installation."))
    if details.kind != ServiceVisit.Kind.REPAIR and details.fixed is not None:
        raise VisitError(_("Only a repair is fixed or not."))
    try:
        signature = signature_clean(details.signature)
    except SignatureRejected as error:
        raise VisitError(str(error)) from error
    if signature is None and not details.signed_by.strip():
        raise VisitError(
            _("The customer signs on the screen, or type the name of who signed.")
        )
    compatible = set(
        installation.appliance.compatible_parts.values_list("part_id", flat=True)
    )
    if set(details.parts) - compatible:
        raise VisitError(_("A part used does not fit this appliance."))
    with transaction.atomic():
        return _visit_save(installation, by, organisation, details, signature, photos)


def _visit_save(installation, by, organisation, details, signature, photos):
    visit = ServiceVisit(
        token=secrets.token_hex(16),
        installation=installation,
        organisation=organisation,
        kind=details.kind,
        visited_on=details.visited_on,
        technician=by,
        checklist=checklist_snapshot(
            list(installation.appliance.checklist_items.all()), details.answers
        ),
        fault_code=details.fault_code.strip(),
        fixed=details.fixed,
        notes=details.notes.strip(),
        signed_by=details.signed_by.strip(),
    )
    try:
        visit.full_clean()
    except ValidationError as error:
        raise VisitError(" ".join(error.messages)) from error
    # Written once the visit is known good: a refusal leaves no file behind.
    if signature is not None:
        visit.signature.save("signature.png", ContentFile(signature), save=False)
    visit.save()
    consumables = list(
        installation.consumables.filter(pk__in=details.consumable_ids).select_related(
            "installation__customer", "part"
        )
    )
    # A consumable changed is a part fitted too: the report lists both.
    fitted = dict(details.parts)
    for consumable in consumables:
        fitted.setdefault(consumable.part_id, consumable.quantity)
    VisitPart.objects.bulk_create(
        VisitPart(visit=visit, part_id=part_id, quantity=quantity)
        for part_id, quantity in sorted(fitted.items())
    )
    for consumable in consumables:
        try:
            consumable_mark_changed(consumable=consumable, on=details.visited_on, by=by)
        except InstallationError as error:
            raise VisitError(str(error)) from error
    VisitPhoto.objects.filter(
        pk__in=[p.pk for p in photos],
        organisation=organisation,
        uploaded_by=by,
        visit__isnull=True,
    ).update(visit=visit)
    return visit
