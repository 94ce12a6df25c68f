"""The rights table: written once, documented as it is, and the staff groups'
admin permissions never wider than it."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from accounts.network.rights import (
    ADMIN_ACTIONS,
    STAFF_GROUPS,
    TABLE,
    PortalRole,
    UnknownRightError,
    may,
    roles_of,
)
from tests.accounts.factories import MembershipFactory, StaffFactory, UserFactory

README = Path(__file__).resolve().parents[3] / "README.md"
ROW = re.compile(r"^\| `([\w.]+)` \|(.*)\|$")


def test_the_readme_shows_the_table_as_the_code_has_it():
    roles = list(PortalRole)
    documented = {}
    section = README.read_text().split("\n## Rights\n", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        if match := ROW.match(line):
            cells = [cell.strip() for cell in match[2].split("|")]
            documented[match[1]] = {
                r for r, cell in zip(roles, cells, strict=True) if cell
            }
    assert documented == {right: set(holders) for right, holders in TABLE.items()}


def test_a_right_nobody_wrote_is_an_error_not_a_silent_no(buyer):
    with pytest.raises(UnknownRightError):
        may(buyer, "orders.veiw_own")


def test_every_admin_action_names_a_right_of_the_table():
    for actions in ADMIN_ACTIONS.values():
        assert set(actions.values()) <= set(TABLE)


@pytest.mark.django_db
def test_is_staff_alone_holds_nothing():
    assert roles_of(StaffFactory()) == frozenset()


@pytest.mark.django_db
def test_a_suspended_reseller_s_members_hold_nothing(organisation):
    member = MembershipFactory(organisation=organisation).user
    organisation.status = organisation.Status.SUSPENDED
    organisation.save()
    assert roles_of(member) == frozenset()
    assert not may(member, "documentation.read")


@pytest.mark.django_db
def test_inactive_and_anonymous_people_hold_nothing():
    assert roles_of(UserFactory(is_active=False)) == frozenset()
    assert roles_of(None) == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize("group, role", list(STAFF_GROUPS.items()))
def test_each_staff_group_gives_its_role(group, role):
    staff = StaffFactory(groups=[Group.objects.get(name=group)])
    assert roles_of(staff) == {role}


@pytest.mark.django_db
def test_editors_and_reviewers_reach_nothing_of_resellers_orders_or_customers():
    for group in ("Content editors", "Documentation reviewers"):
        staff = StaffFactory(groups=[Group.objects.get(name=group)])
        for right in TABLE:
            if right.startswith(
                ("orders.", "customers.", "resellers.", "team.", "callbacks.")
            ):
                assert not may(staff, right), (group, right)


@pytest.mark.django_db
def test_agents_work_the_network_but_never_manage_a_team():
    agent = StaffFactory(groups=[Group.objects.get(name="Call center")])
    for right in ("orders.view_network", "customers.view_network", "callbacks.assign"):
        assert may(agent, right)
    for right in ("resellers.manage", "team.manage_own", "customers.erase"):
        assert not may(agent, right)
