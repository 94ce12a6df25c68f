import pytest
from django.contrib.auth.models import Group

from accounts.models import OrganisationAddress, Role
from tests.accounts.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Aqua Services Lyon", slug="aqua-lyon")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Confort Eau Bretagne", slug="confort-bretagne")


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Role.OWNER).user


@pytest.fixture
def buyer(organisation):
    return MembershipFactory(organisation=organisation, role=Role.BUYER).user


@pytest.fixture
def technician(organisation):
    return MembershipFactory(organisation=organisation, role=Role.TECHNICIAN).user


@pytest.fixture
def other_owner(other_organisation):
    return MembershipFactory(organisation=other_organisation, role=Role.OWNER).user


@pytest.fixture
def agent(db):
    user = StaffFactory(email="agent@oxyplus.test")
    user.groups.add(Group.objects.get(name="Call center"))
    return user


@pytest.fixture
def manager(db):
    user = StaffFactory(email="manager@oxyplus.test")
    user.groups.add(Group.objects.get(name="Managers"))
    return user


@pytest.fixture
def delivery_address(organisation) -> OrganisationAddress:
    """The organisation orders on account and delivers to its workshop."""
    organisation.may_order_on_account = True
    organisation.save()
    return OrganisationAddress.objects.create(
        organisation=organisation,
        kind=OrganisationAddress.Kind.DELIVERY,
        label="Atelier",
        line1="12 rue de la Charité",
        postcode="69002",
        city="Lyon",
    )
