"""The notice on the homes until acknowledged, read and done per unit, the
reminders once, the managers' follow-up; another organisation's units 404."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, UnitNotice
from accounts.aftersales.notices.services import notice_reminders_send
from accounts.network.models import Role
from portal.schedule import JOBS
from tests.accounts.aftersales.factories import safety_notice
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.ordering.factories import ApplianceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def appliance():
    return ApplianceFactory(name="AquaPure 300")


@pytest.fixture
def units(organisation, appliance):
    """Two units of ours in the range, one of ours outside it."""
    return [
        InstallationFactory(
            organisation=organisation, appliance=appliance, serial_number=serial
        )
        for serial in ("AB-0100", "AB-0150", "AB-0500")
    ]


@pytest.fixture
def notice(units, appliance):
    return safety_notice(
        [appliance],
        title="Raccord de vanne à remplacer",
        serial_from="AB-0100",
        serial_to="AB-0200",
    )


def _row(notice, installation) -> UnitNotice:
    return UnitNotice.objects.get(notice=notice, installation=installation)


def test_the_installer_sees_the_notice_on_their_home_until_the_action_is_done(
    client, technician, notice, units
):
    client.force_login(technician)
    home = client.get(reverse("home")).content.decode()
    assert "Raccord de vanne à remplacer" in home
    assert "AB-0100" in home and "AB-0150" in home and "AB-0500" not in home

    first = _row(notice, units[0])
    client.post(reverse("unit_notice", args=[first.pk]), {"action": "read"})
    first.refresh_from_db()
    assert first.read_by == technician and first.read_at is not None
    # Acknowledged per unit: the other unit is still unread.
    assert _row(notice, units[1]).read_at is None

    response = client.post(
        reverse("unit_notice", args=[first.pk]),
        {"action": "done", "note": "Raccord RV-2 posé."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.done_by, first.note) == (technician, "Raccord RV-2 posé.")
    home = client.get(reverse("home")).content.decode()
    assert "AB-0150" in home and "AB-0100" not in home


def test_done_needs_a_note_and_a_visit_of_that_unit(client, technician, notice, units):
    client.force_login(technician)
    row = _row(notice, units[0])
    other_visit = ServiceVisit.objects.create(
        token="v" * 32,
        installation=units[1],
        organisation=units[1].organisation,
        kind=ServiceVisit.Kind.MAINTENANCE,
        visited_on=timezone.localdate(),
    )
    url = reverse("unit_notice", args=[row.pk])
    assert client.post(url, {"action": "done", "note": ""}).status_code == 400
    refused = client.post(
        url, {"action": "done", "note": "Fait", "visit": other_visit.pk}
    )
    assert refused.status_code == 400
    visit = ServiceVisit.objects.create(
        token="w" * 32,
        installation=units[0],
        organisation=units[0].organisation,
        kind=ServiceVisit.Kind.REPAIR,
        visited_on=timezone.localdate(),
    )
    client.post(url, {"action": "done", "note": "Fait", "visit": visit.pk})
    row.refresh_from_db()
    assert row.visit == visit and row.done_at is not None and row.read_at is not None


def test_another_organisation_s_unit_notices_are_404(
    client, notice, units, other_owner, buyer
):
    row = _row(notice, units[0])
    url = reverse("unit_notice", args=[row.pk])
    for user in (other_owner, buyer):  # another reseller; a buyer does not act
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "read"}).status_code == 404
        assert "Raccord de vanne" not in client.get(reverse("home")).content.decode()
    row.refresh_from_db()
    assert row.read_at is None


def test_the_consenting_customer_reads_it_on_their_space_never_another(
    client, organisation, appliance
):
    consenting = CustomerFactory(user=UserFactory(), shares_record=True)
    refusing = CustomerFactory(user=UserFactory(), shares_record=False)
    mine = InstallationFactory(
        organisation=organisation, appliance=appliance, customer=consenting
    )
    theirs = InstallationFactory(
        organisation=organisation, appliance=appliance, customer=refusing
    )
    notice = safety_notice([appliance], title="Avis client")

    client.force_login(refusing.user)
    assert "Avis client" not in client.get(reverse("customer_home")).content.decode()
    refused = reverse("customer_notice", args=[_row(notice, theirs).pk])
    assert client.get(refused).status_code == 404
    other = reverse("customer_notice", args=[_row(notice, mine).pk])
    assert client.get(other).status_code == 404

    client.force_login(consenting.user)
    assert "Avis client" in client.get(reverse("customer_home")).content.decode()
    assert client.get(other).status_code == 200
    client.post(other)
    assert _row(notice, mine).customer_read_at is not None
    assert "Avis client" not in client.get(reverse("customer_home")).content.decode()


def test_installers_are_reminded_once_after_the_due_days(
    notice, units, technician, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = _row(notice, units[0]), _row(notice, units[1])
    today = timezone.localdate()
    first.read_at, first.done_at = timezone.now(), timezone.now()
    first.save()
    UnitNotice.objects.filter(pk__in=[first.pk, second.pk]).update(
        due_on=today - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_reminders_send(today=today - timedelta(days=1)) == 0
        assert notice_reminders_send(today=today) == 1  # the unit not done
        assert notice_reminders_send(today=today) == 0
        assert notice_reminders_send(today=today + timedelta(days=10)) == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [technician.email]
    assert "AB-0150" in mailoutbox[0].body and "AB-0100" not in mailoutbox[0].body
    assert "accounts.aftersales.tasks.safety_notice_reminders_send" in [
        job.task for job in JOBS
    ]


def _network(appliance, serial_base: int):
    """A reseller with three units in the range: one done, one read, one not."""
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, role=Role.TECHNICIAN)
    return [
        InstallationFactory(
            organisation=organisation,
            appliance=appliance,
            serial_number=f"AB-{serial_base + i:04d}",
        )
        for i in range(3)
    ]


def test_managers_follow_each_notice_in_constant_queries(
    client, manager, technician, appliance
):
    _network(appliance, 1000)
    notice = safety_notice([appliance], serial_from="AB-1000", serial_to="AB-8999")
    rows = list(UnitNotice.objects.filter(notice=notice).order_by("pk"))
    rows[0].read_at = rows[0].done_at = timezone.now()
    rows[0].save()
    UnitNotice.objects.filter(pk=rows[1].pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(manager)
    url = reverse("notice_follow", args=[notice.pk])
    page = client.get(url).content.decode()
    assert "AB-1001" in page
    listing = client.get(reverse("notice_follow_list")).content.decode()
    assert notice.title in listing

    def cost(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    small = {path: cost(path) for path in (url, reverse("notice_follow_list"))}
    for i in range(10):
        _network(appliance, 2000 + 10 * i)
    notice.save_revision().publish()
    assert UnitNotice.objects.filter(notice=notice).count() == 33
    # And ten notices to follow instead of one.
    for i in range(9):
        safety_notice(
            [appliance], title=f"Avis {i}", serial_from="AB-1000", serial_to="AB-8999"
        )
    listing = client.get(reverse("notice_follow_list")).content.decode()
    assert all(f"Avis {i}" in listing for i in range(9))
    large = {path: cost(path) for path in small}
    print(f"\nQUERIES notice follow-up 1x={small} 10x={large}")
    assert large == small

    overdue = client.get(url + "?overdue=1").content.decode()
    assert "AB-1001" in overdue and "AB-1002" not in overdue

    client.force_login(technician)
    assert client.get(url).status_code == 404
    assert client.get(reverse("notice_follow_list")).status_code == 404


def test_the_homes_banner_costs_the_same_queries_with_tenfold_notices(
    client, technician, organisation, appliance, django_assert_max_num_queries
):
    customer = CustomerFactory(user=UserFactory(), shares_record=True)
    unit = InstallationFactory(
        organisation=organisation, appliance=appliance, customer=customer
    )
    safety_notice([appliance], title="Premier avis")

    def cost(user, name):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            body = client.get(reverse(name)).content.decode()
        assert "Premier avis" in body
        return len(captured.captured_queries)

    small = {
        "home": cost(technician, "home"),
        "customer_home": cost(customer.user, "customer_home"),
    }
    for i in range(10):
        InstallationFactory(
            organisation=organisation, appliance=appliance, customer=customer
        )
        safety_notice([appliance], title=f"Avis {i}")
    assert UnitNotice.objects.filter(installation=unit).count() == 11
    for user, name in ((technician, "home"), (customer.user, "customer_home")):
        client.force_login(user)
        with django_assert_max_num_queries(small[name]):
            client.get(reverse(name))
