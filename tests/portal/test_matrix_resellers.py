"""The rights matrix as a reseller's people, a customer and a visitor:
every URL pattern, GET and POST, on another organisation's and another
customer's objects
(``tests/rights_matrix.py``). One file per half, so both cores share it."""

import pytest

from tests.rights_matrix import assert_no_finding

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", ["owner", "buyer", "technician", "customer", "anonymous"]
)
def test_the_matrix_finds_no_leak(role):
    assert_no_finding(role)
