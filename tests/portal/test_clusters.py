"""Products, organisations and shipments are read at a plain model's cost,
and still take their child rows when made in code or in the admin."""

from unittest import mock

import pytest

from accounts.network.models import Organisation, OrganisationAddress, TerritoryPrefix
from ordering.catalogue.models import Product

pytestmark = pytest.mark.django_db


def _organisation(**kwargs) -> Organisation:
    return Organisation(name="Confort Eau", slug="confort-eau", **kwargs)


def test_rows_read_from_the_database_skip_the_scan_of_every_relation():
    organisation = _organisation()
    organisation.save()
    Product.objects.create(
        reference="AP-1", name="AquaPure", kind=Product.Kind.APPLIANCE, unit_price=10
    )

    with mock.patch(
        "modelcluster.models.get_all_child_relations",
        side_effect=AssertionError("a row read from the database listed relations"),
    ):
        products = list(Product.objects.all())
        organisations = list(Organisation.objects.filter(slug="confort-eau"))

    assert [p.reference for p in products] == ["AP-1"]
    assert organisations[0].name == "Confort Eau"
    assert list(organisations[0].addresses.all()) == []


def test_a_new_organisation_still_takes_its_addresses_and_territory_as_arguments():
    organisation = _organisation(
        addresses=[
            OrganisationAddress(
                kind="delivery", line1="2 rue des Lilas", postcode="69003", city="Lyon"
            )
        ],
        territory=[TerritoryPrefix(postcode_prefix="69")],
    )
    # Held in memory before the save, as the admin's form does.
    assert [a.city for a in organisation.addresses.all()] == ["Lyon"]

    organisation.save()

    saved = Organisation.objects.get(slug="confort-eau")
    assert [a.city for a in saved.addresses.all()] == ["Lyon"]
    assert [t.postcode_prefix for t in saved.territory.all()] == ["69"]
