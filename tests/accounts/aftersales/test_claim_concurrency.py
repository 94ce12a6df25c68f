"""Two managers approve the same claim at the same moment, and claims of
different units are approved at once: on real concurrent connections
(PostgreSQL), one replacement order per claim and RMA numbers that are
never shared."""

from functools import partial

from django.contrib.auth.models import Group

from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claims import claim_approve
from ordering.orders.models import Order
from tests.accounts.aftersales.factories import filed_claim, unit_with_part, workshop
from tests.accounts.factories import OrganisationFactory, StaffFactory
from tests.concurrency import AT_ONCE, all_at_once

pytestmark = AT_ONCE


def _managers(count: int):
    group = Group.objects.get(name="Managers")
    people = [StaffFactory() for _ in range(count)]
    for person in people:
        person.groups.add(group)
    return people


def test_a_claim_approved_twice_at_once_sends_one_part(migration_rows):
    organisation = OrganisationFactory()
    workshop(organisation)
    claim = filed_claim(*unit_with_part(organisation))
    first, second = _managers(2)

    results = all_at_once(
        [
            partial(claim_approve, claim=claim, by=first),
            partial(claim_approve, claim=claim, by=second),
        ]
    )

    assert all(isinstance(r, WarrantyClaim) for r in results), results
    assert Order.objects.filter(channel=Order.Channel.WARRANTY).count() == 1
    assert len({r.rma_number for r in results}) == 1
    claim.refresh_from_db()
    assert claim.events.filter(status=WarrantyClaim.Status.APPROVED).count() == 1


def test_claims_approved_at_once_take_distinct_rma_numbers(migration_rows):
    organisation = OrganisationFactory()
    workshop(organisation)
    installation, part = unit_with_part(organisation)
    claims = [filed_claim(installation, part) for _ in range(6)]
    managers = _managers(6)

    results = all_at_once(
        [
            partial(claim_approve, claim=c, by=m)
            for c, m in zip(claims, managers, strict=True)
        ]
    )

    assert all(isinstance(r, WarrantyClaim) for r in results), results
    assert len({r.rma_number for r in results}) == 6
    assert Order.objects.filter(channel=Order.Channel.WARRANTY).count() == 6
