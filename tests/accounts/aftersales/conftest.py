from datetime import date

import pytest
from django.conf import settings
from django.utils import translation

from tests.accounts.aftersales.factories import checklist
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    UserFactory,
    fitted,
)


@pytest.fixture
def unit(organisation, appliance, cartridge):
    """A unit the organisation installed, with a cartridge fitted and a
    customer who has a customer space."""
    customer = CustomerFactory(
        user=UserFactory(), first_name="Élodie", last_name="Martin"
    )
    installation = InstallationFactory(
        organisation=organisation,
        customer=customer,
        appliance=appliance,
        serial_number="SN-4242",
        installed_on=date(2026, 1, 10),
    )
    fitted(installation, cartridge)
    return installation


@pytest.fixture
def points(appliance):
    return checklist(appliance)


@pytest.fixture
def in_english(client):
    """Messages read in English: the server's (services raise them in the
    active language) and the pages' (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
