"""Small known data sets for the dashboards, and a way to grow them tenfold.

Orders are written straight with the ORM (no cart, no stock): the dashboards
read totals, channels, credits and dates, nothing else; their daily rows are
refreshed as the services do.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.callbacks.models import CallbackRequest
from accounts.customers.models import Installation, InstallationConsumable
from accounts.network.models import Organisation
from ordering.catalogue.models import Product
from ordering.orders.models import Order
from ordering.orders.services import (
    sales_keys,
    sales_summary_rebuild,
    sales_summary_refresh,
)
from ordering.stock.models import StockLevel
from portal.money import money
from tests.accounts.factories import (
    CallbackRequestFactory,
    CustomerFactory,
    InstallationFactory,
    OrganisationFactory,
)
from tests.ordering.factories import (
    ApplianceFactory,
    ProductFactory,
    StockLevelFactory,
    WarehouseFactory,
)

PARIS = ZoneInfo("Europe/Paris")
Channel = Order.Channel
Status = Order.Status
Callback = CallbackRequest.Status


def paris(year: int, month: int, day: int, hour: int = 12, minute: int = 0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def order(
    *,
    placed_at: datetime,
    amount: str,
    channel: str = Channel.RESELLER,
    organisation: Organisation | None = None,
    credited: Organisation | None = None,
    rate: str | None = None,
    status: str = Status.CONFIRMED,
    build: bool = False,
) -> Order:
    """An order of ``amount`` excl. VAT (20 % VAT), credited to ``credited``
    at ``rate`` % (its organisation's rate by default)."""
    excl = Decimal(amount)
    vat = money(excl * Decimal("0.20"))
    if credited is not None and rate is None:
        rate = credited.commission_rate
    fields = {
        "organisation": organisation,
        "channel": channel,
        "status": status,
        "payment_method": Order.PaymentMethod.ON_ACCOUNT
        if channel == Channel.RESELLER
        else Order.PaymentMethod.CARD,
        "credited_organisation": credited,
        "credit_rule": Order.CreditRule.TERRITORY if credited else "",
        "commission_rate": Decimal(rate) if rate is not None else None,
        "delivery_name": "Client",
        "delivery_line1": "4 rue des Lilas",
        "delivery_postcode": "69003",
        "delivery_city": "Lyon",
        "total_excl_vat": excl,
        "total_vat": vat,
        "total_incl_vat": excl + vat,
        "submission_key": uuid4().hex,
        "placed_at": placed_at,
    }
    if build:
        return Order(**fields)
    written = Order.objects.create(**fields)
    # As every placing service does: the dashboards read the daily rows.
    sales_summary_refresh(sales_keys(written))
    return written


def installation(organisation, *, submitted_at, appliance, draft=False):
    if draft:
        return Installation.objects.create(
            organisation=organisation, status=Installation.Status.DRAFT
        )
    return InstallationFactory(
        organisation=organisation,
        appliance=appliance,
        submitted_at=submitted_at,
        installed_on=timezone.localdate(submitted_at),
    )


def consumable(installation, part, *, due_on: date) -> InstallationConsumable:
    return InstallationConsumable.objects.create(
        installation=installation,
        part=part,
        last_changed_on=due_on - timedelta(days=180),
        interval_months=6,
        next_due_on=due_on,
    )


def callback(*, due_at, status=Callback.OPEN, done_at=None, organisation=None):
    return CallbackRequestFactory(
        due_at=due_at,
        created_at=due_at - timedelta(days=1),
        status=status,
        done_at=done_at,
        owner_organisation=organisation,
    )


# --- The October data set -------------------------------------------------------
#
# Period: 1–31 October 2026; the one before: 31 August – 30 September.
# Lyon (5 %) and Bretagne (8 %), the two resellers; a third sells nothing.

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def october_orders(lyon: Organisation, bretagne: Organisation) -> None:
    # Lyon's purchases: 3 orders, 400.00 in October; 1, 200.00 before.
    order(organisation=lyon, placed_at=paris(2026, 10, 5), amount="100.00")
    order(
        organisation=lyon,
        placed_at=paris(2026, 10, 20),
        amount="250.00",
        status=Status.DELIVERED,
    )
    order(
        organisation=lyon,
        placed_at=paris(2026, 10, 21),
        amount="80.00",
        status=Status.CANCELLED,
    )
    order(
        organisation=lyon,
        channel=Channel.CALL_CENTER,
        placed_at=paris(2026, 10, 10),
        amount="50.00",
    )
    order(organisation=lyon, placed_at=paris(2026, 9, 15), amount="200.00")
    order(organisation=lyon, placed_at=paris(2026, 8, 30), amount="999.00")
    # Just after the end of October in Paris, still 31 October in UTC.
    order(organisation=lyon, placed_at=paris(2026, 11, 1, 0, 15), amount="7.00")
    # Credited to Lyon: 2 sales, 165.50; commission 6.00 + 4.55.
    order(
        channel=Channel.WEB,
        credited=lyon,
        rate="5.00",
        placed_at=paris(2026, 10, 8),
        amount="120.00",
    )
    order(
        channel=Channel.CALL_CENTER,
        credited=lyon,
        rate="10.00",
        placed_at=paris(2026, 10, 12),
        amount="45.50",
    )
    order(
        channel=Channel.WEB,
        credited=lyon,
        placed_at=paris(2026, 10, 13),
        amount="300.00",
        status=Status.CANCELLED,
    )
    order(
        channel=Channel.WEB,
        credited=lyon,
        placed_at=paris(2026, 9, 20),
        amount="70.00",
    )
    # Bretagne: bought 500.00, credited 60.00; and a sale credited to nobody.
    order(organisation=bretagne, placed_at=paris(2026, 10, 3), amount="500.00")
    order(
        channel=Channel.WEB,
        credited=bretagne,
        placed_at=paris(2026, 10, 4),
        amount="60.00",
    )
    order(channel=Channel.WEB, placed_at=paris(2026, 10, 6), amount="30.00")


def october_installations(lyon, bretagne, *, appliance, part, today: date) -> None:
    """Lyon recorded 2 installations in October; 2 consumables are due within
    30 days of today, 1 of them overdue."""
    first = installation(lyon, submitted_at=paris(2026, 10, 2), appliance=appliance)
    last = installation(
        lyon, submitted_at=paris(2026, 10, 31, 23, 30), appliance=appliance
    )
    installation(lyon, submitted_at=paris(2026, 9, 29), appliance=appliance)
    installation(lyon, submitted_at=paris(2026, 11, 1, 0, 30), appliance=appliance)
    draft = installation(lyon, submitted_at=None, appliance=None, draft=True)
    theirs = installation(
        bretagne, submitted_at=paris(2026, 10, 10), appliance=appliance
    )
    other_part = ProductFactory(reference="SEL-25", name="Sel régénérant")
    StockLevelFactory(product=other_part, on_hand=100)
    consumable(first, part, due_on=today + timedelta(days=10))
    consumable(first, other_part, due_on=today - timedelta(days=5))
    consumable(last, part, due_on=today + timedelta(days=45))
    consumable(draft, part, due_on=today + timedelta(days=1))
    consumable(theirs, part, due_on=today + timedelta(days=3))


def open_callbacks(lyon, bretagne, *, now: datetime) -> None:
    """Lyon has 3 callbacks to make, 2 of them overdue."""
    callback(organisation=lyon, due_at=now + timedelta(hours=2))
    callback(
        organisation=lyon, due_at=now - timedelta(hours=3), status=Callback.IN_PROGRESS
    )
    callback(organisation=lyon, due_at=now - timedelta(days=1))
    callback(
        organisation=lyon,
        due_at=now - timedelta(hours=1),
        status=Callback.DONE,
        done_at=now - timedelta(hours=2),
    )
    callback(organisation=bretagne, due_at=now - timedelta(hours=5))


def october_promises(lyon, bretagne) -> None:
    """Due in October: Lyon kept 2 of 4; the network 4 of 7 (57.1 %)."""
    due = paris(2026, 10, 5, 12)
    callback(
        organisation=lyon,
        due_at=due,
        status=Callback.DONE,
        done_at=due - timedelta(hours=2),
    )
    due = paris(2026, 10, 6, 12)
    callback(
        organisation=lyon,
        due_at=due,
        status=Callback.DONE,
        done_at=due + timedelta(hours=3),
    )
    callback(organisation=lyon, due_at=paris(2026, 10, 7), status=Callback.MISSED)
    due = paris(2026, 10, 20, 18)
    callback(organisation=lyon, due_at=due, status=Callback.DONE, done_at=due)
    due = paris(2026, 10, 15, 12)
    callback(due_at=due, status=Callback.DONE, done_at=due - timedelta(minutes=5))
    callback(due_at=paris(2026, 10, 16, 12))  # still open, long past due
    due = paris(2026, 10, 9, 18)
    callback(
        organisation=bretagne,
        due_at=due,
        status=Callback.DONE,
        done_at=due - timedelta(days=1),
    )
    # Due in November: not in October's rate.
    callback(organisation=lyon, due_at=paris(2026, 11, 2), status=Callback.MISSED)


def stock(*, today: date) -> dict[str, Product]:
    """Two warehouses; 3 products out of stock, 2 low, 2 fine, 1 inactive."""
    lyon = WarehouseFactory()
    nantes = WarehouseFactory(code="nantes", name="Entrepôt de Nantes", priority=2)
    products = {
        "out": ProductFactory(reference="OUT-1", name="Membrane osmose"),
        "never": ProductFactory(reference="OUT-2", name="Lampe UV"),
        "reserved": ProductFactory(reference="OUT-3", name="Vanne"),
        "low": ProductFactory(reference="LOW-1", name="Joint", low_stock_threshold=5),
        "half": ProductFactory(reference="LOW-2", name="Bac à sel"),
        "split": ProductFactory(reference="OK-1", name="Préfiltre"),
        "plenty": ProductFactory(reference="OK-2", name="Raccord"),
        "inactive": ProductFactory(reference="OLD-1", name="Ancien", is_active=False),
    }
    StockLevelFactory(
        product=products["out"],
        warehouse=lyon,
        on_hand=0,
        restock_date=today + timedelta(days=10),
    )
    StockLevelFactory(
        product=products["out"],
        warehouse=nantes,
        on_hand=0,
        restock_date=today + timedelta(days=4),
    )
    StockLevelFactory(
        product=products["reserved"],
        warehouse=lyon,
        on_hand=4,
        reserved=4,
        restock_date=today - timedelta(days=3),  # passed: not a next restock
    )
    StockLevelFactory(product=products["low"], warehouse=lyon, on_hand=3)
    StockLevelFactory(product=products["half"], warehouse=lyon, on_hand=10, reserved=8)
    StockLevelFactory(product=products["split"], warehouse=lyon, on_hand=3)
    StockLevelFactory(product=products["split"], warehouse=nantes, on_hand=3)
    StockLevelFactory(product=products["plenty"], warehouse=lyon, on_hand=100)
    StockLevelFactory(product=products["inactive"], warehouse=lyon, on_hand=0)
    return products


def stocked_appliance() -> tuple[Product, Product]:
    """An appliance and a cartridge, both in stock: no stock alert of their own."""
    appliance = ApplianceFactory(reference="AQP-300", name="AquaPure 300")
    part = ProductFactory(reference="CAR-AQP-01", name="Cartouche anticalcaire")
    for product in (appliance, part):
        StockLevel.objects.create(
            product=product, warehouse=WarehouseFactory(), on_hand=100
        )
    return appliance, part


# --- More of the same ---------------------------------------------------------


def grow(
    *,
    lyon: Organisation,
    bretagne: Organisation,
    period: tuple[date, date],
    times: int,
    today: date,
    now: datetime,
) -> None:
    """``times`` more of every kind of row the dashboards read, spread over
    the period: orders of every channel, installations, consumables due,
    callbacks of every kind, products short of stock, and resellers."""
    start, end = period
    days = (end - start).days + 1
    resellers = [lyon, bretagne]
    customer = CustomerFactory()
    appliance = ApplianceFactory()
    warehouse = WarehouseFactory()
    orders, callbacks = [], []
    for n in range(times):
        day = start + timedelta(days=n % days)
        when = datetime(day.year, day.month, day.day, 10, n % 60, tzinfo=PARIS)
        resellers.append(OrganisationFactory())
        reseller = resellers[n % len(resellers)]
        for channel in Channel.values:
            orders.append(
                order(
                    organisation=reseller if channel != Channel.WEB else None,
                    credited=None if channel == Channel.RESELLER else reseller,
                    channel=channel,
                    placed_at=when,
                    amount=f"{10 + n}.50",
                    build=True,
                )
            )
        orders.append(
            order(
                organisation=reseller,
                placed_at=when - timedelta(days=days),
                amount="12.00",
                status=Status.CANCELLED if n % 2 else Status.PLACED,
                build=True,
            )
        )
        fitted = InstallationFactory(
            organisation=reseller,
            customer=customer,
            appliance=appliance,
            submitted_at=when,
        )
        part = ProductFactory()
        StockLevel.objects.create(product=part, warehouse=warehouse, on_hand=n % 4)
        consumable(fitted, part, due_on=today + timedelta(days=n % 40 - 5))
        for status, due_at, done_at in [
            (Callback.DONE, when, when - timedelta(minutes=5)),
            (Callback.DONE, when, when + timedelta(hours=1)),
            (Callback.MISSED, when, None),
            (Callback.OPEN, now + timedelta(hours=n + 1), None),
            (Callback.IN_PROGRESS, now - timedelta(hours=n + 1), None),
        ]:
            callbacks.append(
                CallbackRequest(
                    customer=customer,
                    reason=CallbackRequest.Reason.OTHER,
                    phone="06 00 00 00 00",
                    due_at=due_at,
                    created_at=due_at - timedelta(days=1),
                    status=status,
                    done_at=done_at,
                    source=CallbackRequest.Source.CUSTOMER,
                    owner_organisation=reseller if n % 3 else None,
                )
            )
    Order.objects.bulk_create(orders)
    sales_summary_rebuild()  # what a bulk load of orders runs after it
    CallbackRequest.objects.bulk_create(callbacks)
