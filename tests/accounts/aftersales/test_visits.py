"""Recording a service visit: the checklist kept as filled in, the schedule of
the consumables changed started again, the signature checked, and nobody
records on a unit that is not theirs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, VisitPhoto
from accounts.aftersales.services.visit_photos import (
    visit_photos_add,
    visit_photos_pending_purge,
)
from accounts.aftersales.services.visits import (
    VisitDetails,
    VisitError,
    visit_record,
)
from accounts.customers.schedule import next_due
from accounts.network.models import Role
from portal.schedule import JOBS
from tests.accounts.aftersales.factories import signature_png, signature_url
from tests.accounts.factories import MembershipFactory, bomb_png, picture
from tests.ordering.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

DAY = date(2026, 3, 2)


def _details(**changes) -> VisitDetails:
    fields = dict(
        kind=ServiceVisit.Kind.MAINTENANCE,
        visited_on=DAY,
        signature=signature_url(),
        signed_by="Élodie Martin",
    )
    return VisitDetails(**{**fields, **changes})


def test_the_checklist_is_kept_as_it_was_filled_in(technician, unit, points):
    check, measure = points
    visit = visit_record(
        installation=unit,
        by=technician,
        details=_details(answers={check.pk: True, measure.pk: Decimal("3.5")}),
    )
    assert visit.checklist == [
        {"label": "Joints sans fuite", "kind": "check", "unit": "", "done": True},
        {
            "label": "Pression d’entrée",
            "kind": "measure",
            "unit": "bar",
            "value": "3.5",
        },
    ]
    # Editing the appliance's checklist later never rewrites a signed report.
    check.label = "Autre libellé"
    check.save()
    visit.refresh_from_db()
    assert visit.checklist[0]["label"] == "Joints sans fuite"
    assert visit.organisation == unit.organisation and visit.technician == technician
    assert len(visit.token) == 32


def test_a_consumable_changed_restarts_its_schedule_and_is_listed(
    technician, unit, cartridge
):
    consumable = unit.consumables.get()
    visit_record(
        installation=unit,
        by=technician,
        details=_details(consumable_ids=[consumable.pk]),
    )
    consumable.refresh_from_db()
    assert consumable.last_changed_on == DAY
    assert consumable.next_due_on == next_due(DAY, 6)
    visit = ServiceVisit.objects.get()
    assert [(p.part, p.quantity) for p in visit.parts.all()] == [(cartridge, 1)]


def test_parts_must_fit_the_appliance(technician, unit, cartridge):
    visit = visit_record(
        installation=unit, by=technician, details=_details(parts={cartridge.pk: 2})
    )
    assert visit.parts.get().quantity == 2
    stranger = ProductFactory(name="Pièce d’un autre modèle")
    with pytest.raises(VisitError, match="does not fit"):
        visit_record(
            installation=unit, by=technician, details=_details(parts={stranger.pk: 1})
        )
    assert ServiceVisit.objects.count() == 1


def test_the_signature_is_stored_as_a_fresh_png(technician, unit):
    visit = visit_record(installation=unit, by=technician, details=_details())
    with visit.signature.open("rb") as file:
        assert file.read(8) == b"\x89PNG\r\n\x1a\n"
    assert visit.signed_by == "Élodie Martin"


@pytest.mark.parametrize(
    "signature, reason",
    [
        ("data:image/jpeg;base64,AAAA", "not a drawn picture"),
        ("data:image/png;base64,not base64!!", "not a drawn picture"),
        (signature_url(b"GIF89a" + b"\x00" * 50), "not a drawn picture"),
        (signature_url(signature_png(size=(3000, 100))), "too large"),
        ("data:image/png;base64," + "A" * 500_000, "too large"),
        (signature_url(bomb_png().read()), "not a drawn picture|too large"),
    ],
)
def test_a_bad_signature_is_refused_and_nothing_is_kept(
    technician, unit, signature, reason
):
    with pytest.raises(VisitError, match=reason):
        visit_record(
            installation=unit, by=technician, details=_details(signature=signature)
        )
    assert not ServiceVisit.objects.exists()


def test_a_typed_name_is_enough_without_a_drawing_but_not_nothing(technician, unit):
    visit_record(installation=unit, by=technician, details=_details(signature=""))
    with pytest.raises(VisitError, match="signs on the screen"):
        visit_record(
            installation=unit,
            by=technician,
            details=_details(signature="", signed_by="  "),
        )


def test_dates_and_the_repair_only_outcome(technician, unit):
    tomorrow = timezone.localdate() + timedelta(days=1)
    for details, reason in (
        (_details(visited_on=tomorrow), "future"),
        (_details(visited_on=date(2026, 1, 9)), "before the installation"),
        (_details(fixed=True), "Only a repair"),
    ):
        with pytest.raises(VisitError, match=reason):
            visit_record(installation=unit, by=technician, details=details)
    repair = visit_record(
        installation=unit,
        by=technician,
        details=_details(kind=ServiceVisit.Kind.REPAIR, fixed=False, fault_code="E12"),
    )
    assert (repair.fixed, repair.fault_code) == (False, "E12")


def test_photos_sent_with_the_form_are_attached(technician, organisation, unit):
    added = visit_photos_add(
        organisation=organisation, by=technician, kept=[], uploads=[picture()]
    )
    visit = visit_record(
        installation=unit, by=technician, details=_details(), photos=added.photos
    )
    assert list(visit.photos.all()) == added.photos
    refused = visit_photos_add(
        organisation=organisation, by=technician, kept=[], uploads=[bomb_png()]
    )
    assert refused.refused and not refused.photos
    assert VisitPhoto.objects.count() == 1


def test_refused_to_those_the_unit_is_not_theirs(
    unit, other_organisation, buyer, owner, agent
):
    other_technician = MembershipFactory(
        organisation=other_organisation, role=Role.TECHNICIAN
    ).user
    refused = [other_technician, buyer, agent, unit.customer.user]
    for user in refused:
        with pytest.raises(VisitError, match="not yours"):
            visit_record(installation=unit, by=user, details=_details())
    assert not ServiceVisit.objects.exists()
    # The installer's owner records too.
    assert visit_record(installation=unit, by=owner, details=_details())


def test_photos_of_forms_never_recorded_are_purged_after_a_day(
    technician, organisation, unit
):
    kept, waiting = (
        visit_photos_add(
            organisation=organisation, by=technician, kept=[], uploads=[picture()]
        ).photos[0]
        for _ in range(2)
    )
    visit_record(installation=unit, by=technician, details=_details(), photos=[kept])
    assert visit_photos_pending_purge() == 0  # too recent
    assert visit_photos_pending_purge(now=timezone.now() + timedelta(hours=25)) == 1
    assert list(VisitPhoto.objects.all()) == [kept]
    assert "accounts.aftersales.tasks.pending_visit_photos_purge" in [
        job.task for job in JOBS
    ]
