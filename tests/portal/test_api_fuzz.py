"""A schema-driven fuzz run: whatever schemathesis sends, the API never fails.

Schemathesis reads the OpenAPI document, then sends each operation valid and
invalid parameters, headers and bodies, as a reseller owner with a real token
and a little of everything: products with stock and prices, orders with a
shipment and tracking events, installations with consumables. No answer may
be a server error. Fuzzed orders may really be placed: the test database is
thrown away.
"""

import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from accounts.network.models import Role
from accounts.network.services import api_token_create
from ordering.shipping import services as shipping_services
from portal.api import api
from tests.accounts.factories import InstallationFactory, MembershipFactory, fitted
from tests.ordering.factories import (
    ApplianceFactory,
    CarrierFactory,
    CompatibilityFactory,
    PriceListEntryFactory,
    PriceListFactory,
    placed_order,
    stocked,
)

# Per operation: about 40 s in all on a slow machine of two cores.
MAX_EXAMPLES = 25
RUN = {"requests": 0, "seconds": 0.0}


@pytest.fixture
def api_token(settings, delivery_address, organisation, other_owner, agent):
    """A reseller owner's token, and a little of everything to read."""
    settings.PORTAL_API_RATE = "100000/m"  # the run, not the limit, is tested
    organisation.price_list = PriceListFactory()
    organisation.save()
    owner = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    appliance = stocked(ApplianceFactory(reference="AQP-300"), on_hand=4)
    parts = [stocked(reference=f"CAR-{i}", on_hand=50) for i in range(3)]
    for part in parts:
        CompatibilityFactory(appliance=appliance, part=part)
    PriceListEntryFactory(price_list=organisation.price_list, product=parts[0])
    shipped = placed_order(
        owner,
        [(part, 2) for part in parts[:2]],
        key="fuzz-1",
        end_customer_name="Mme Girard",
    )
    shipping_services.shipment_create(
        order=shipped, carrier=CarrierFactory(), tracking_number="6A100", by=agent
    )
    placed_order(owner, [(appliance, 2)], key="fuzz-2", end_customer_name="Mme Girard")
    for customer_name in ["Girard", "Petit"]:
        installation = InstallationFactory(
            organisation=organisation,
            appliance=appliance,
            customer__last_name=customer_name,
        )
        fitted(installation, parts[0])
    InstallationFactory(organisation=other_owner.membership.organisation)
    _token, secret = api_token_create(user=owner, name="Fuzz")
    # Requests reach the WSGI app itself, whose end-of-request signal would
    # close the test's database connection (on PostgreSQL, mid-transaction);
    # Django's test client unhooks it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    started = time.monotonic()
    try:
        yield secret
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    RUN["seconds"] += time.monotonic() - started
    print(f"\nfuzz so far: {RUN['requests']} requests in {RUN['seconds']:.1f} s")


# Built from the API object, not fetched at /api/v1/openapi.json: a request
# while pytest collects would reach no test database (test_api.py checks that
# the served document is valid). Schemathesis' fixture-based loader does not
# run on pytest 9.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_the_api_fail(case, api_token):
    response = case.call(headers={"Authorization": f"Bearer {api_token}"})
    RUN["requests"] += 1
    case.validate_response(response, checks=[not_a_server_error])
