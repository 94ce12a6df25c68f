import pytest

from tests.ordering.factories import ApplianceFactory, CompatibilityFactory, stocked


@pytest.fixture
def appliance(db):
    return ApplianceFactory(name="AquaPure 300", reference="AQP-300")


@pytest.fixture
def cartridge(appliance):
    """A 6-month cartridge that fits the appliance, in stock."""
    part = stocked(
        reference="CAR-AQP-01",
        name="Cartouche anticalcaire",
        replacement_interval_months=6,
    )
    CompatibilityFactory(appliance=appliance, part=part, quantity_per_change=1)
    return part


@pytest.fixture
def salt(appliance):
    """A 12-month consumable of the same appliance."""
    part = stocked(
        reference="SEL-25", name="Sel régénérant 25 kg", replacement_interval_months=12
    )
    CompatibilityFactory(appliance=appliance, part=part, quantity_per_change=2)
    return part


@pytest.fixture
def private_files(settings):
    """Files added to private storage during the test, to check that a
    refusal stored nothing (the folder is shared by the whole run)."""
    from pathlib import Path

    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])

    def listing() -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    before = listing()
    return lambda: listing() - before
