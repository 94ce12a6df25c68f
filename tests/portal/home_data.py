"""Small known data sets for the homes' cards: each builder's docstring says
what the cards must count (tests/portal/test_homes.py, tests/e2e/test_homes.py)."""

from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.callbacks.selectors import end_of_today
from accounts.customers.models import InstallationConsumable
from accounts.network.models import Invitation, Role, User
from ordering.orders.models import Order
from ordering.shipping.models import TrackingEvent
from pages.models import SearchMiss
from tests.accounts.factories import (
    CallbackRequestFactory,
    CustomerFactory,
    DraftInstallationFactory,
    InstallationFactory,
    MembershipFactory,
)
from tests.ordering.factories import (
    ApplianceFactory,
    OrderFactory,
    ProductFactory,
    ShipmentFactory,
    StockLevelFactory,
)


def buyer_world(organisation):
    """Two orders on their way (one tracked), one being prepared, one placed,
    one delivered; a web sale credited this month; another reseller's order.

    Back in stock for what they order: 2 products ("Cartouche de retour"
    and "Préfiltre de retour"). Not counted: one they ordered back 20 days
    ago, one back but all promised to orders again, one back that only
    another reseller ordered, one back they last ordered 13 months ago."""
    shipped = ShipmentFactory(
        order=OrderFactory(organisation=organisation, status=Order.Status.SHIPPED)
    )
    TrackingEvent.objects.create(
        shipment=shipped,
        occurred_at=timezone.now(),
        status=TrackingEvent.Status.IN_TRANSIT,
        location="Plateforme de Corbas",
    )
    OrderFactory(organisation=organisation, status=Order.Status.PARTIALLY_SHIPPED)
    OrderFactory(organisation=organisation, status=Order.Status.PREPARING)
    OrderFactory(organisation=organisation, status=Order.Status.PLACED)
    OrderFactory(organisation=organisation, status=Order.Status.DELIVERED)
    OrderFactory(status=Order.Status.SHIPPED)  # another reseller's
    OrderFactory(
        organisation=None,
        channel=Order.Channel.WEB,
        credited_organisation=organisation,
        total_excl_vat=Decimal("100.00"),
        status=Order.Status.CONFIRMED,
    )
    _back_in_stock_world(organisation)
    return shipped.order


def _back_in_stock_world(organisation):
    now = timezone.now()

    def restocked(days_ago, *, name=None, on_hand=5, reserved=0):
        product = ProductFactory(**({"name": name} if name else {}))
        StockLevelFactory(
            product=product,
            on_hand=on_hand,
            reserved=reserved,
            restocked_at=now - timedelta(days=days_ago),
        )
        return product

    back = [
        restocked(3, name="Cartouche de retour"),
        restocked(13, name="Préfiltre de retour"),
    ]
    long_ago = restocked(20)
    promised = restocked(2, on_hand=4, reserved=4)
    OrderFactory(
        organisation=organisation,
        status=Order.Status.DELIVERED,
        lines=[(product, 1) for product in (*back, long_ago, promised)],
    )
    OrderFactory(status=Order.Status.DELIVERED, lines=[(restocked(1), 2)])
    OrderFactory(
        organisation=organisation,
        status=Order.Status.DELIVERED,
        placed_at=now - timedelta(days=400),
        lines=[(restocked(1), 1)],
    )


def technician_world(organisation):
    """Two drafts, two installations with a consumable due within 30 days (one
    overdue), one not due; one of the three recorded today, the others
    earlier; two callbacks given to the team, one done."""
    now = timezone.now()
    today = timezone.localdate(now)
    DraftInstallationFactory.create_batch(2, organisation=organisation)
    part = ProductFactory()
    for days, recorded_days_ago in ((-3, 0), (20, 2), (90, 150)):
        installation = InstallationFactory(
            organisation=organisation,
            submitted_at=now - timedelta(days=recorded_days_ago),
        )
        InstallationConsumable.objects.create(
            installation=installation,
            part=part,
            last_changed_on=today - timedelta(days=150),
            interval_months=6,
            next_due_on=today + timedelta(days=days),
        )
    InstallationFactory(submitted_at=now)  # another reseller's, recorded today
    CallbackRequestFactory.create_batch(2, owner_organisation=organisation)
    CallbackRequestFactory(
        owner_organisation=organisation, status="done", done_at=timezone.now()
    )
    CallbackRequestFactory()  # the call center's queue


def callcenter_world(organisation):
    """Overdue: 2 (one missed); still due today: 1; in nobody's hands: 3 of the
    pending; done ones never count."""
    now = timezone.now()
    CallbackRequestFactory(due_at=now - timedelta(hours=2))
    CallbackRequestFactory(due_at=now - timedelta(days=1), status="missed")
    CallbackRequestFactory(due_at=now + (end_of_today(now) - now) / 2)
    CallbackRequestFactory(
        due_at=now + timedelta(days=2), owner_organisation=organisation
    )
    CallbackRequestFactory(due_at=now - timedelta(hours=3), status="done", done_at=now)


def network_world(organisation):
    """Today: 2 orders (one cancelled); earlier this month: 1 more unless today
    is the 1st; last month: 1. One product short of stock, one out, one fine;
    one installation recorded this month, one last year."""
    now = timezone.now()
    today = timezone.localdate(now)
    OrderFactory(organisation=organisation, total_excl_vat=Decimal("50.00"))
    OrderFactory(
        organisation=organisation,
        status=Order.Status.CANCELLED,
        total_excl_vat=Decimal("999.00"),
    )
    if today.day > 1:
        OrderFactory(
            organisation=organisation,
            placed_at=now - timedelta(days=1),
            total_excl_vat=Decimal("25.00"),
        )
    OrderFactory(placed_at=now - timedelta(days=today.day + 1))
    StockLevelFactory(product=ProductFactory(low_stock_threshold=5), on_hand=3)
    StockLevelFactory(product=ProductFactory(), on_hand=0)
    StockLevelFactory(product=ProductFactory(), on_hand=100)
    InstallationFactory(organisation=organisation, submitted_at=now)
    InstallationFactory(
        organisation=organisation, submitted_at=now - timedelta(days=400)
    )
    return today


def team_world(organisation, owner):
    """Two members (the owner and a buyer), one invitation pending, one
    revoked (not counted, not listed)."""
    MembershipFactory(organisation=organisation, role=Role.BUYER)
    now = timezone.now()
    for email, revoked_at in (("new@example.test", None), ("gone@example.test", now)):
        Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=Role.TECHNICIAN,
            invited_by=owner,
            expires_at=now + timedelta(days=7),
            revoked_at=revoked_at,
            token_hash=email,
        )


def search_misses_world():
    """Three searches that found nothing in the last 30 days ("pompe doseuse"
    typed 4 times, the most frequent), one older (not counted, not listed)."""
    now = timezone.now()
    for query, count, days in (
        ("pompe doseuse", 4, 2),
        ("bruit turbine", 2, 1),
        ("code f9", 1, 5),
        ("ancienne recherche", 9, 45),
    ):
        when = now - timedelta(days=days)
        SearchMiss.objects.create(
            query=query, count=count, first_searched_at=when, last_searched_at=when
        )


def customer_world(organisation):
    """A customer who signs in with an e-mail code: two appliances (the newer,
    "AquaPure 300", has its filter overdue by 3 days; the older, "Adoucisseur
    Duo", its resin due in 20 days), one callback promised, one already
    done (not shown); another customer's appliance (not shown)."""
    customer = CustomerFactory(
        first_name="Noémie",
        last_name="Garnier",
        email="noemie.garnier@example.test",
        phone="06 45 12 78 90",
    )
    customer.user = User.objects.create_user(email=customer.email)
    customer.user.set_unusable_password()
    customer.user.save()
    EmailAddress.objects.create(user=customer.user, email=customer.email, primary=True)
    customer.save()
    today = timezone.localdate()
    for name, part, installed, due in (
        ("AquaPure 300", "Filtre AquaPure", 30, -3),
        ("Adoucisseur Duo", "Résine Duo", 300, 20),
    ):
        installation = InstallationFactory(
            organisation=organisation,
            customer=customer,
            appliance=ApplianceFactory(name=name),
            installed_on=today - timedelta(days=installed),
        )
        InstallationConsumable.objects.create(
            installation=installation,
            part=ProductFactory(name=part),
            last_changed_on=today - timedelta(days=180),
            interval_months=6,
            next_due_on=today + timedelta(days=due),
        )
    now = timezone.now()
    CallbackRequestFactory(
        customer=customer, phone=customer.phone, due_at=now + timedelta(days=1)
    )
    CallbackRequestFactory(
        customer=customer,
        due_at=now - timedelta(days=3),
        status="done",
        done_at=now - timedelta(days=3),
    )
    InstallationFactory(organisation=organisation)  # another customer's
    return customer
