"""Warranty claims for tests, filed and decided through the real services."""

from datetime import timedelta

from django.utils import timezone

from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claims import claim_file
from accounts.customers.models import Installation
from accounts.network.models import Organisation, OrganisationAddress, Role, User
from tests.accounts.factories import InstallationFactory, MembershipFactory
from tests.ordering.factories import (
    ApplianceFactory,
    CompatibilityFactory,
    stocked,
)


def workshop(organisation: Organisation) -> OrganisationAddress:
    return OrganisationAddress.objects.create(
        organisation=organisation,
        kind=OrganisationAddress.Kind.DELIVERY,
        label="Atelier",
        line1="12 rue de la Charité",
        postcode="69002",
        city="Lyon",
    )


def unit_with_part(
    organisation: Organisation, *, installed_days_ago: int = 100, **fields
) -> tuple[Installation, object]:
    """A unit the organisation installed ``installed_days_ago``, and a spare
    part in stock that fits its appliance."""
    appliance = ApplianceFactory()
    part = stocked(name="Électrovanne", replacement_interval_months=None)
    CompatibilityFactory(appliance=appliance, part=part)
    installation = InstallationFactory(
        organisation=organisation,
        appliance=appliance,
        installed_on=timezone.localdate() - timedelta(days=installed_days_ago),
        **fields,
    )
    return installation, part


def filed_claim(
    installation: Installation, part, *, by: User | None = None, **fields
) -> WarrantyClaim:
    by = (
        by
        or MembershipFactory(
            organisation=installation.organisation, role=Role.TECHNICIAN
        ).user
    )
    data = {
        "quantity": 1,
        "fault_on": timezone.localdate() - timedelta(days=2),
        "symptom": "Fuite au niveau de la vanne",
        "fault_code": "E12",
        **fields,
    }
    return claim_file(installation=installation, by=by, part=part, **data)
