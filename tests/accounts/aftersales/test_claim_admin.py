"""The staff's warranty claims screen: listed and filtered for the network,
decided by managers (approve, refuse, close), the returned part received by
the call center; each decision goes through its service and a refused move
shows on the form."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claims import claim_approve
from ordering.orders.models import Order
from tests.accounts.aftersales.factories import filed_claim, unit_with_part, workshop
from tests.wagtail_admin import assert_turned_away

Status = WarrantyClaim.Status

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def claim(organisation, technician):
    workshop(organisation)
    installation, part = unit_with_part(organisation)
    return filed_claim(installation, part, by=technician)


def _body(response) -> str:
    return unescape(response.content.decode())


def test_the_list_filters_by_status(client, agent, claim, other_organisation):
    workshop(other_organisation)
    theirs = filed_claim(*unit_with_part(other_organisation))
    theirs = claim_approve(claim=theirs, by=_manager())
    client.force_login(agent)
    index = reverse("warrantyclaim:index")
    submitted = _body(client.get(index, {"status": "submitted"}))
    assert claim.installation.serial_number in submitted
    assert theirs.installation.serial_number not in submitted
    assert theirs.rma_number in _body(client.get(index, {"q": theirs.rma_number}))


def _manager():
    from django.contrib.auth.models import Group

    from tests.accounts.factories import StaffFactory

    user = StaffFactory()
    user.groups.add(Group.objects.get(name="Managers"))
    return user


def test_a_manager_approves_from_the_claim(client, manager, claim, mailoutbox):
    client.force_login(manager)
    inspect = _body(client.get(reverse("warrantyclaim:inspect", args=[claim.pk])))
    approve = reverse("warrantyclaim:approve", args=[claim.pk])
    assert approve in inspect
    assert client.get(approve).status_code == 200
    response = client.post(
        approve, {"remedy": "replacement", "return_required": "on", "note": ""}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED
    assert claim.replacement_order.channel == Order.Channel.WARRANTY
    # Sent again (a second tab): the claim stands, no second order.
    client.post(approve, {"remedy": "replacement", "return_required": "on"})
    assert Order.objects.filter(channel=Order.Channel.WARRANTY).count() == 1


def test_a_refusal_without_a_reason_stays_on_the_form(client, manager, claim):
    client.force_login(manager)
    refuse = reverse("warrantyclaim:refuse", args=[claim.pk])
    assert client.post(refuse, {"reason": "   "}).status_code == 400
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED
    client.post(refuse, {"reason": "Casse par choc"})
    claim.refresh_from_db()
    assert (claim.status, claim.refusal_reason) == (Status.REFUSED, "Casse par choc")


def test_an_illegal_move_shows_its_reason(client, manager, claim):
    client.force_login(manager)
    response = client.post(reverse("warrantyclaim:close", args=[claim.pk]), {})
    assert response.status_code == 400
    assert "cannot become closed" in _body(response)


def test_the_call_center_receives_the_part_but_does_not_decide(
    client, agent, manager, claim
):
    claim_approve(claim=claim, by=manager)
    client.force_login(agent)
    for name in ("approve", "close"):
        url = reverse(f"warrantyclaim:{name}", args=[claim.pk])
        assert_turned_away(client, url, method="post")
    client.post(reverse("warrantyclaim:receive", args=[claim.pk]), {"note": "Reçu"})
    claim.refresh_from_db()
    assert claim.status == Status.PART_RETURNED


def test_editors_are_turned_away(client, editor, claim):
    client.force_login(editor)
    for name in ("index", "inspect", "approve"):
        args = [] if name == "index" else [claim.pk]
        assert_turned_away(client, reverse(f"warrantyclaim:{name}", args=args))
