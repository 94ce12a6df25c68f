"""Warranty claims: filed only for a unit under warranty and a part that fits
it, moved only along the status map, approved once (one RMA number, one free
replacement order), closed with the credit note it calls for, and the filer
told of each step once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.aftersales.models import ClaimEvent, WarrantyClaim
from accounts.aftersales.services.claim_outcomes import (
    claim_close,
    claim_receive_return,
    claim_refuse,
)
from accounts.aftersales.services.claim_steps import (
    CLAIM_TRANSITIONS,
    ClaimError,
    IllegalClaimTransitionError,
)
from accounts.aftersales.services.claims import claim_approve
from accounts.customers.schedule import add_months
from ordering.invoicing.models import Invoice
from ordering.orders.models import Order
from tests.accounts.aftersales.factories import filed_claim, unit_with_part, workshop
from tests.accounts.factories import picture
from tests.ordering.factories import ProductFactory
from tests.ordering.invoicing.factories import issued_invoice

Status = WarrantyClaim.Status

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def unit(organisation):
    workshop(organisation)
    return unit_with_part(organisation)


@pytest.fixture
def claim(unit, technician):
    installation, part = unit
    return filed_claim(installation, part, by=technician)


def test_a_claim_is_filed_on_the_unit_with_its_photos_and_timeline(
    unit, technician, mailoutbox, django_capture_on_commit_callbacks
):
    installation, part = unit
    with django_capture_on_commit_callbacks(execute=True):
        claim = filed_claim(
            installation, part, by=technician, photos=[picture(), picture("b.png")]
        )
    assert claim.status == Status.SUBMITTED
    assert claim.organisation == installation.organisation
    assert claim.photos.count() == 2
    assert list(claim.events.values_list("status", flat=True)) == [Status.SUBMITTED]
    assert claim.rma_number is None
    assert [m.to for m in mailoutbox] == [[technician.email]]


def test_out_of_warranty_is_refused_with_the_day_it_ended(organisation, technician):
    installation, part = unit_with_part(organisation, installed_days_ago=900)
    ended = add_months(
        installation.installed_on, installation.appliance.warranty_months
    )
    with pytest.raises(ClaimError) as refused:
        filed_claim(installation, part, by=technician)
    assert date_format(ended, "SHORT_DATE_FORMAT") in str(refused.value)
    assert "warranty ended" in str(refused.value)
    assert not WarrantyClaim.objects.exists()


def test_a_fault_while_under_warranty_is_accepted_even_if_it_ended_since(
    organisation, technician
):
    installation, part = unit_with_part(organisation, installed_days_ago=800)
    ended = add_months(installation.installed_on, 24)
    claim = filed_claim(
        installation, part, by=technician, fault_on=ended - timedelta(days=1)
    )
    assert claim.pk


def test_a_part_that_does_not_fit_the_appliance_is_refused(unit, technician):
    installation, _part = unit
    stranger = ProductFactory(name="Filtre d’un autre modèle")
    with pytest.raises(ClaimError, match="does not fit"):
        filed_claim(installation, stranger, by=technician)


def test_a_buyer_or_another_organisation_cannot_file(
    unit, buyer, other_owner, organisation
):
    installation, part = unit
    with pytest.raises(ClaimError):
        filed_claim(installation, part, by=buyer)
    with pytest.raises(ClaimError):
        filed_claim(installation, part, by=other_owner)
    assert not WarrantyClaim.objects.exists()


def test_a_picture_that_is_not_one_stores_nothing(unit, technician, private_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    installation, part = unit
    fake = SimpleUploadedFile("x.jpg", b"not a picture", content_type="image/jpeg")
    with pytest.raises(ClaimError):
        filed_claim(installation, part, by=technician, photos=[fake])
    assert not WarrantyClaim.objects.exists()
    assert not private_files()


def test_approving_gives_an_rma_number_and_one_free_replacement_order(
    claim, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = claim_approve(claim=claim, by=manager)
    year = timezone.localdate().year
    assert approved.rma_number == f"RMA-{year}-000001"
    order = approved.replacement_order
    assert order.channel == Order.Channel.WARRANTY
    assert order.total_incl_vat == Decimal("0.00")
    assert order.organisation == claim.organisation
    assert order.status == Order.Status.CONFIRMED
    assert [
        (line.product, line.quantity, line.unit_price) for line in order.lines.all()
    ] == [(claim.part, 1, Decimal("0.00"))]
    assert approved.rma_number in approved.return_instructions
    assert len(mailoutbox) == 1
    assert approved.rma_number in mailoutbox[0].subject


def test_approving_twice_makes_one_order_one_event_one_email(
    claim, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = claim_approve(claim=claim, by=manager)
        second = claim_approve(claim=claim, by=manager)
    assert second.replacement_order_id == first.replacement_order_id
    assert second.rma_number == first.rma_number
    assert Order.objects.filter(channel=Order.Channel.WARRANTY).count() == 1
    assert claim.events.filter(status=Status.APPROVED).count() == 1
    assert len(mailoutbox) == 1


def test_rma_numbers_follow_each_other_in_the_year(unit, technician, manager):
    installation, part = unit
    numbers = [
        claim_approve(
            claim=filed_claim(installation, part, by=technician), by=manager
        ).rma_number
        for _ in range(3)
    ]
    year = timezone.localdate().year
    assert numbers == [f"RMA-{year}-{n:06d}" for n in (1, 2, 3)]


def test_only_a_manager_decides(claim, agent, technician):
    for person in (agent, technician):
        with pytest.raises(ClaimError):
            claim_approve(claim=claim, by=person)
        with pytest.raises(ClaimError):
            claim_refuse(claim=claim, by=person, reason="Non")
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


def test_a_refusal_says_why(claim, manager):
    with pytest.raises(ClaimError):
        claim_refuse(claim=claim, by=manager, reason="  ")
    refused = claim_refuse(claim=claim, by=manager, reason="Dégât des eaux")
    assert refused.status == Status.REFUSED
    assert refused.refusal_reason == "Dégât des eaux"
    assert refused.replacement_order is None
    assert claim.events.last().note == "Dégât des eaux"


def _move(claim, target, by):
    if target == Status.APPROVED:
        return claim_approve(claim=claim, by=by)
    if target == Status.REFUSED:
        return claim_refuse(claim=claim, by=by, reason="Non couvert")
    if target == Status.PART_RETURNED:
        return claim_receive_return(claim=claim, by=by)
    return claim_close(claim=claim, by=by)


def _claim_in(status, installation, part, technician, manager):
    claim = filed_claim(installation, part, by=technician)
    path = {
        Status.SUBMITTED: [],
        Status.APPROVED: [Status.APPROVED],
        Status.REFUSED: [Status.REFUSED],
        Status.PART_RETURNED: [Status.APPROVED, Status.PART_RETURNED],
        Status.CLOSED: [Status.APPROVED, Status.PART_RETURNED, Status.CLOSED],
    }[status]
    for step in path:
        claim = _move(claim, step, manager)
    return claim


def test_every_move_off_the_map_is_refused_and_changes_nothing(
    unit, technician, manager
):
    installation, part = unit
    refused = 0
    for current in Status.values:
        for target in set(Status.values) - CLAIM_TRANSITIONS[current]:
            if target == Status.SUBMITTED or (
                current != Status.SUBMITTED and target == Status.APPROVED
            ):
                continue  # nothing moves back to submitted; approve is idempotent
            claim = _claim_in(current, installation, part, technician, manager)
            events = claim.events.count()
            with pytest.raises(IllegalClaimTransitionError):
                _move(claim, target, manager)
            claim.refresh_from_db()
            assert claim.status == current
            assert claim.events.count() == events
            refused += 1
    assert refused == 11  # every pair off the map but the two skipped above


def test_approving_a_refused_or_closed_claim_changes_nothing(unit, technician, manager):
    installation, part = unit
    refused = _claim_in(Status.REFUSED, installation, part, technician, manager)
    with pytest.raises(IllegalClaimTransitionError):
        claim_approve(claim=refused, by=manager)
    closed = _claim_in(Status.CLOSED, installation, part, technician, manager)
    again = claim_approve(claim=closed, by=manager)
    assert again.status == Status.CLOSED
    assert Order.objects.filter(channel=Order.Channel.WARRANTY).count() == 1


def test_a_claim_waiting_for_its_part_does_not_close(claim, manager, agent):
    claim_approve(claim=claim, by=manager)
    with pytest.raises(ClaimError, match="not come back"):
        claim_close(claim=claim, by=manager)
    received = claim_receive_return(claim=claim, by=agent)
    assert received.status == Status.PART_RETURNED
    closed = claim_close(claim=claim, by=manager)
    assert closed.status == Status.CLOSED
    assert list(
        ClaimEvent.objects.filter(claim=claim).values_list("status", flat=True)
    ) == [
        Status.SUBMITTED,
        Status.APPROVED,
        Status.PART_RETURNED,
        Status.CLOSED,
    ]


def test_no_return_needed_closes_from_approved(claim, manager, agent):
    claim_approve(claim=claim, by=manager, return_required=False)
    with pytest.raises(ClaimError):
        claim_receive_return(claim=claim, by=agent)
    assert claim_close(claim=claim, by=manager).status == Status.CLOSED


def test_a_claim_settled_by_credit_issues_a_credit_note_at_closing(
    unit, technician, manager, mailoutbox, django_capture_on_commit_callbacks
):
    installation, part = unit
    bought = issued_invoice(installation.organisation, [(part, 3)])
    claim = filed_claim(installation, part, by=technician, quantity=2)
    with django_capture_on_commit_callbacks(execute=True):
        claim_approve(
            claim=claim,
            by=manager,
            remedy=WarrantyClaim.Remedy.CREDIT,
            return_required=False,
        )
        closed = claim_close(claim=claim, by=manager)
    assert closed.replacement_order is None
    credit_note = closed.credit_note
    assert credit_note.kind == Invoice.Kind.CREDIT_NOTE
    assert credit_note.credited_invoice == bought
    assert [
        (line.quantity, line.product_reference) for line in credit_note.lines.all()
    ] == [(2, part.reference)]
    assert credit_note.number in mailoutbox[-1].body
    assert len(mailoutbox) == 2  # approved, closed: once each


def test_credit_without_a_purchase_is_refused(claim, manager):
    with pytest.raises(ClaimError, match="no invoice"):
        claim_approve(claim=claim, by=manager, remedy=WarrantyClaim.Remedy.CREDIT)
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED
    assert claim.rma_number is None


def test_the_replacement_order_names_the_unit_not_its_owner(claim, manager):
    order = claim_approve(claim=claim, by=manager).replacement_order
    assert claim.installation.serial_number in order.end_customer_name
    assert claim.installation.customer.last_name not in order.end_customer_name
    assert order.customer is None


def test_the_filer_hears_of_every_step_once(
    unit, technician, manager, agent, mailoutbox, django_capture_on_commit_callbacks
):
    installation, part = unit
    with django_capture_on_commit_callbacks(execute=True):
        claim = filed_claim(installation, part, by=technician)
        claim_approve(claim=claim, by=manager)
        claim_receive_return(claim=claim, by=agent)
        claim_close(claim=claim, by=manager)
        refused = filed_claim(installation, part, by=technician)
        claim_refuse(claim=refused, by=manager, reason="Pose non conforme")
    assert [m.to for m in mailoutbox] == [[technician.email]] * 6
    bodies = [m.body for m in mailoutbox]
    claim.refresh_from_db()
    assert claim.rma_number in bodies[1] and claim.rma_number in bodies[3]
    assert "Pose non conforme" in bodies[5]
    assert len({m.subject for m in mailoutbox[:4]}) == 4  # one per step
