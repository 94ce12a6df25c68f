import pytest

from tests.ordering.factories import (
    ApplianceFactory,
    CompatibilityFactory,
    ProductFactory,
)
from tests.pages.factories import (
    fault_code,
    manual,
    site_with_documentation,
    technical_sheet,
)


@pytest.fixture
def appliance(db):
    return ApplianceFactory(name="AquaPure 300", reference="AQP-300")


@pytest.fixture
def cartridge(appliance):
    part = ProductFactory(
        name="Cartouche anticalcaire",
        reference="CAR-AQP-01",
        replacement_interval_months=12,
    )
    CompatibilityFactory(appliance=appliance, part=part, quantity_per_change=1)
    return part


@pytest.fixture
def docs(appliance, cartridge):
    """A published documentation tree for one appliance, with fault code E12."""
    tree = site_with_documentation()
    tree["sheet"] = technical_sheet(tree["index"], appliance)
    tree["manual"] = manual(tree["index"], appliance)
    tree["e12"] = fault_code(tree["codes"], [appliance])
    return tree
