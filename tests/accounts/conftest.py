from datetime import date

import pytest

from accounts.customers.services.installations import (
    CustomerDetails,
    InstallationDetails,
    installation_record,
)
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


@pytest.fixture
def recorded(
    technician, organisation, appliance, cartridge, django_capture_on_commit_callbacks
):
    """An installation recorded by the technician for a consenting customer."""
    with django_capture_on_commit_callbacks(execute=True):
        result = installation_record(
            organisation=organisation,
            by=technician,
            details=InstallationDetails(
                appliance=appliance,
                serial_number="SN-4242",
                installed_on=date(2026, 5, 25),
                customer_details=CustomerDetails(
                    first_name="Élodie",
                    last_name="Martin",
                    email="elodie.martin@example.test",
                    phone="06 11 22 33 44",
                    line1="8 chemin des Vignes",
                    postcode="69300",
                    city="Caluire",
                ),
                shares_record=True,
                consumables=[(cartridge, 1)],
            ),
        )
    return result.installation
