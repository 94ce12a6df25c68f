import pytest

from ordering.orders import services
from tests.ordering.factories import ProductFactory, stocked
from tests.ordering.stripe_fake import StripeFake


@pytest.fixture
def stripe_fake(settings):
    """A local Stripe that the real library talks to; card payments are on."""
    fake = StripeFake(api_key="sk_test_portal").start()
    settings.STRIPE_SECRET_KEY = fake.api_key
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_portal"
    settings.STRIPE_API_BASE = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def delivery():
    return services.Delivery(
        name="Aqua Services Lyon",
        line1="12 rue Garibaldi",
        postcode="69003",
        city="Lyon",
    )


@pytest.fixture
def filter_cartridge(db):
    """24.90 € excl. VAT, 20 % VAT, 100 units in the Lyon warehouse."""
    return stocked(reference="CART-AQ10", name="Cartouche AquaPure 10")


# The service tests' shelf: an organisation that orders on account and
# ten cartridges in the only warehouse.
@pytest.fixture
def on_account(organisation):
    organisation.may_order_on_account = True
    organisation.save()
    return organisation


@pytest.fixture
def cartridge(db):
    """Ten filter cartridges on the shelf of the only warehouse."""
    return stocked(
        ProductFactory(reference="FLT-100", name="Cartouche AquaPure"), on_hand=10
    )


@pytest.fixture
def card_payments(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_123"
