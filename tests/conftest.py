import importlib

import factory.random
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from accounts.network.models import OrganisationAddress, Role
from tests.accounts.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark the tests that commit: the Makefile runs them after the others."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = marker is not None and (
            marker.kwargs.get("transaction") or (marker.args and marker.args[0])
        )
        fixtures = getattr(item, "fixturenames", ())
        if commits or "transactional_db" in fixtures or "live_server" in fixtures:
            item.add_marker("transactional")


# The data migrations that write rows, in the order they run.
DATA_MIGRATIONS = [
    ("accounts.network.migrations.0002_staff_groups", "create_groups"),
    ("ordering.orders.migrations.0002_staff_permissions", "grant"),
    ("accounts.network.migrations.0005_customer_permissions", "grant"),
    ("accounts.network.migrations.0007_callback_and_dashboard_permissions", "grant"),
    ("pages.migrations.0003_documentation_review_workflow", "create_workflow"),
]


def restore_migration_rows() -> None:
    """Write again what migrations wrote: Wagtail's root page, locale and root
    collection, the staff groups and their rights, the review workflow.

    A test that commits ends with its database emptied, those rows included;
    the next one on the same worker puts them back (each step only gets or
    creates).
    """
    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def migration_rows(transactional_db) -> None:
    restore_migration_rows()


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active in the thread; each test starts
    in the site's default language, whatever the previous one asked for."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _same_names_every_run(request):
    """The factories draw people's names with Faker: each test gets the same
    ones on every run, whatever ran before it on its worker, so a random
    "Martin" cannot meet, one run in a few hundred, a test checking that no
    Martin is shown."""
    factory.random.reseed_random(request.node.nodeid)


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


def _staff(email: str, group: str):
    user = StaffFactory(email=email)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def agent(db):
    return _staff("agent@oxyplus.test", "Call center")


@pytest.fixture
def manager(db):
    return _staff("manager@oxyplus.test", "Managers")


@pytest.fixture
def editor(db):
    return _staff("editor@oxyplus.test", "Content editors")


@pytest.fixture
def reviewer(db):
    return _staff("reviewer@oxyplus.test", "Documentation reviewers")


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
