"""The database folds stored text exactly as ``fold`` folds what is typed,
on SQLite and PostgreSQL alike: otherwise a search would miss."""

import pytest

from accounts.customers.models import Installation
from ordering.catalogue.models import Product
from portal.folding import FOLDED, fold, serial_compact
from tests.accounts.factories import InstallationFactory
from tests.ordering.factories import ProductFactory

pytestmark = pytest.mark.django_db

NAMES = [
    "Gérard Chevalier",
    "ÉLISE FONTAINE",
    "Françoise Œuvray",
    "Lætitia N’Diaye",
    "Sel régénérant, 2 × 8 kg",
    "Ÿvonne Ñuñez Øster",
    "Straße 100 % _x_",
    "".join(FOLDED),
]


@pytest.mark.parametrize("name", NAMES)
def test_the_database_folds_a_name_as_python_does(name):
    product = ProductFactory(name=name)
    stored = Product.objects.values_list("name_folded", flat=True).get(pk=product.pk)
    assert stored == fold(name)
    assert not set(stored) & set(FOLDED)


def test_folding_keeps_words_and_drops_case_and_accents():
    assert fold("Gérard ŒUVRAY N’Diaye") == "gerard oeuvray n'diaye"


@pytest.mark.parametrize("serial", ["AB-12345", "AB 123.45/6", "ab-12-34"])
def test_the_database_compacts_a_serial_as_python_does(serial):
    installation = InstallationFactory(serial_number=serial)
    stored = Installation.objects.values_list("serial_compact", flat=True).get(
        pk=installation.pk
    )
    assert stored == serial_compact(serial)
    assert stored.isalnum()
