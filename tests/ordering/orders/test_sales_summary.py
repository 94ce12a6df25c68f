"""The dashboards' daily sales rows: kept by the services that place, cancel
and re-credit orders, rebuilt by ``rebuild_sales_summary``, and read by every
sales figure, which must equal the same figure added up over the orders."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.aftersales.services.claims import claim_approve
from accounts.network.models import Organisation, TerritoryPrefix, User
from ordering.orders import services
from ordering.orders.models import (
    NetworkDaySales,
    Order,
    ResellerDaySales,
    ResellerMonthSales,
)
from portal.dashboards.periods import Period
from portal.dashboards.selectors.home import credited_this_month, network_work
from portal.dashboards.selectors.sales import (
    credited_sales,
    order_series,
    orders_compared,
    sales_by_channel,
    sales_by_reseller,
)
from tests.accounts.aftersales.factories import filed_claim, unit_with_part, workshop
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    OrganisationFactory,
)
from tests.concurrency import ON_POSTGRESQL, all_at_once
from tests.conftest import restore_migration_rows
from tests.ordering.factories import CompatibilityFactory, placed_order, stocked

PARIS = ZoneInfo("Europe/Paris")
Channel, Status = Order.Channel, Order.Status
CENT = Decimal("0.01")


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def placed_when(monkeypatch, moment: datetime, place):
    """``place()`` as if it ran at ``moment``."""
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        return place()


# --- The same figures, added up over the orders -----------------------------------


def live(period: Period):
    return Order.objects.filter(
        placed_at__gte=period.since, placed_at__lt=period.until
    ).exclude(status=Status.CANCELLED)


def cents(total: Decimal, rate: Decimal) -> int:
    basis_points = int((rate * 100).to_integral_value(ROUND_HALF_UP))
    return (int(total * 100) * basis_points + 5000) // 10000


def live_compared(organisation, period: Period) -> tuple:
    figures = []
    for each in (period, period.previous):
        totals = (
            live(each)
            .filter(organisation=organisation)
            .aggregate(n=Count("pk"), amount=Sum("total_excl_vat"))
        )
        figures.append((totals["n"], (totals["amount"] or Decimal(0)).quantize(CENT)))
    return tuple(figures)


def live_credited(organisation, period: Period) -> tuple:
    sales = list(
        live(period).filter(
            credited_organisation=organisation,
            channel__in=[Channel.WEB, Channel.CALL_CENTER],
        )
    )
    amount = sum((o.total_excl_vat for o in sales), Decimal("0.00"))
    commission = sum(cents(o.total_excl_vat, o.commission_rate) for o in sales)
    return len(sales), amount, (Decimal(commission) / 100).quantize(CENT)


def bucket_of(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def live_series(period: Period, organisation=None) -> dict:
    orders = live(period)
    if organisation is not None:
        orders = orders.filter(organisation=organisation)
    points = defaultdict(lambda: defaultdict(lambda: [0, Decimal("0.00")]))
    for order in orders:
        day = timezone.localtime(order.placed_at, PARIS).date()
        figures = points[bucket_of(day, period.granularity)][order.channel]
        figures[0] += 1
        figures[1] += order.total_excl_vat
    return {
        bucket: {channel: tuple(f) for channel, f in channels.items()}
        for bucket, channels in points.items()
    }


def series_read(period: Period, organisation=None) -> dict:
    return {
        point.starts_on: {
            channel: (count, point.amounts[channel])
            for channel, count in point.counts.items()
        }
        for point in order_series(period=period, organisation=organisation)
        if point.counts
    }


def live_by_reseller(period: Period) -> list[tuple]:
    totals = defaultdict(lambda: [Decimal("0.00"), Decimal("0.00")])
    for order in live(period):
        if order.organisation_id:
            totals[order.organisation_id][0] += order.total_excl_vat
        credited = order.channel in (Channel.WEB, Channel.CALL_CENTER)
        if order.credited_organisation_id and credited:
            totals[order.credited_organisation_id][1] += order.total_excl_vat
    names = dict(Organisation.objects.values_list("pk", "name"))
    ranked = sorted(
        ((pk, *sums) for pk, sums in totals.items() if sum(sums)),
        key=lambda row: (-(row[1] + row[2]), names[row[0]], row[0]),
    )
    return ranked[:10]  # the dashboard's top ten


def assert_every_figure_is_live(periods, resellers, *, today: date):
    for period in periods:
        for organisation in resellers:
            compared = orders_compared(organisation=organisation, period=period)
            assert (
                (compared.current.count, compared.current.amount),
                (compared.previous.count, compared.previous.amount),
            ) == live_compared(organisation, period), (period, organisation)
            credited = credited_sales(organisation=organisation, period=period)
            assert (
                credited.count,
                credited.amount,
                credited.commission,
            ) == live_credited(organisation, period), (period, organisation)
            assert series_read(period, organisation) == live_series(
                period, organisation
            )
        assert series_read(period) == live_series(period), period
        channels = {
            c.channel: (c.count, c.amount) for c in sales_by_channel(period=period)
        }
        for channel, figures in channels.items():
            totals = (
                live(period)
                .filter(channel=channel)
                .aggregate(n=Count("pk"), amount=Sum("total_excl_vat"))
            )
            amount = (totals["amount"] or Decimal(0)).quantize(CENT)
            assert figures == (totals["n"], amount), (period, channel)
        ranked = [
            (r.organisation.pk, r.bought, r.credited)
            for r in sales_by_reseller(period=period)
        ]
        assert ranked == live_by_reseller(period), period
    month = Order.objects.filter(placed_at__date__gte=today.replace(day=1))
    for organisation in resellers:
        credited = credited_this_month(organisation=organisation, today=today)
        sales = month.filter(credited_organisation=organisation).exclude(
            Q(status=Status.CANCELLED) | Q(channel=Channel.RESELLER)
        )
        totals = sales.aggregate(n=Count("pk"), amount=Sum("total_excl_vat"))
        assert (credited.count, credited.amount) == (
            totals["n"],
            (totals["amount"] or Decimal(0)).quantize(CENT),
        )
    work = network_work(today=today)
    this_month = month.filter(placed_at__date__lte=today)
    sold = this_month.exclude(status=Status.CANCELLED).aggregate(
        amount=Sum("total_excl_vat")
    )["amount"] or Decimal(0)
    assert (work.orders_today, work.orders_month, work.sales_month) == (
        Order.objects.filter(placed_at__date=today).count(),
        this_month.count(),
        sold.quantize(CENT),
    )


def rows() -> dict:
    """Every summary row, as comparable values."""
    fields = ["channel", "orders", "amount", "commission_cents"]
    return {
        "network": sorted(
            NetworkDaySales.objects.values_list("day", *fields, "cancelled")
        ),
        "days": sorted(
            ResellerDaySales.objects.values_list(
                "organisation", "basis", "day", *fields
            )
        ),
        "months": sorted(
            ResellerMonthSales.objects.values_list(
                "organisation", "basis", "month", *fields
            )
        ),
    }


# --- A network's two years, placed through the services ---------------------------


@pytest.fixture
def network(monkeypatch, organisation, other_organisation, buyer, agent, manager):
    """Lyon (territory 69, 5.25 %) buys and is credited; Rennes (8 %) installs
    and gets a re-credited sale; orders over two years in every channel, one
    at 00:30 Paris time, one cancelled, a warranty part sent today."""
    lyon, rennes = organisation, other_organisation
    lyon.may_order_on_account = True
    lyon.commission_rate = Decimal("5.25")
    lyon.save()
    rennes.commission_rate = Decimal("8.00")
    rennes.save()
    TerritoryPrefix.objects.create(organisation=lyon, postcode_prefix="69")
    today = timezone.localdate()
    product = stocked(unit_price=Decimal("33.33"), on_hand=1000)

    def bought(days_ago: int, hour: int = 11, minute: int = 0, quantity: int = 1):
        return placed_when(
            monkeypatch,
            at(today - timedelta(days=days_ago), hour, minute),
            lambda: placed_order(buyer, [(product, quantity)]),
        )

    def phoned(days_ago: int, postcode: str, quantity: int = 1):
        customer = CustomerFactory(postcode=postcode)
        return placed_when(
            monkeypatch,
            at(today - timedelta(days=days_ago), 15, 10),
            lambda: services.call_center_order_place(
                customer=customer,
                by=agent,
                items=[(product, quantity)],
                payment_method=Order.PaymentMethod.BANK_TRANSFER,
                submission_key=f"phone-{days_ago}-{postcode}",
            ),
        )

    bought(700, quantity=3)
    bought(400)
    midnight = bought(40, hour=0, minute=30)  # still the day before in UTC
    bought(40, hour=23, minute=50, quantity=2)
    cancelled = bought(3, quantity=5)
    phoned(500, "69003", quantity=2)
    moved = phoned(20, "69100", quantity=3)
    phoned(12, "13001")  # nobody's territory: the network's alone
    # A customer of Rennes reorders a part on the web.
    installation = InstallationFactory(organisation=rennes)
    customer = installation.customer
    customer.user = User.objects.create_user(email=customer.email)
    customer.save()
    CompatibilityFactory(appliance=installation.appliance, part=product)
    placed_when(
        monkeypatch,
        at(today - timedelta(days=10), 20, 40),
        lambda: services.customer_order_place(
            customer=customer,
            by=customer.user,
            installation=installation,
            items=[(product, 4)],
            payment_method=Order.PaymentMethod.BANK_TRANSFER,
            submission_key="web-rennes",
        ),
    )
    services.order_cancel(order=cancelled, by=buyer, reason="Erreur")
    services.order_credit_reassign(
        order=moved, organisation=rennes, by=manager, reason="Suivi par Rennes"
    )
    workshop(lyon)
    unit, part = unit_with_part(lyon)
    claim_approve(claim=filed_claim(unit, part), by=manager)
    return {
        "lyon": lyon,
        "rennes": rennes,
        "today": today,
        "midnight": midnight,
        "cancelled": cancelled,
    }


def periods_of(today: date) -> list[Period]:
    return [
        Period(start=today - timedelta(days=729), end=today),  # two years: months
        Period(start=today - timedelta(days=90), end=today),  # weeks
        Period(start=today - timedelta(days=30), end=today),  # days
        Period(start=today.replace(day=1), end=today),
        Period(start=today - timedelta(days=400), end=today - timedelta(days=41)),
    ]


def test_every_figure_read_from_the_rows_equals_the_orders(network):
    lyon, rennes, today = network["lyon"], network["rennes"], network["today"]
    assert Order.objects.filter(channel=Channel.WARRANTY).count() == 1
    assert_every_figure_is_live(periods_of(today), [lyon, rennes], today=today)
    # The orders counted: not the cancelled one, the re-credited sale at Rennes.
    two_years = Period(start=today - timedelta(days=729), end=today)
    assert orders_compared(organisation=lyon, period=two_years).current.count == 5
    assert credited_sales(organisation=lyon, period=two_years).count == 1
    assert credited_sales(organisation=rennes, period=two_years).count == 2


def test_an_order_at_half_past_midnight_counts_on_its_paris_day(network):
    lyon = network["lyon"]
    day = timezone.localtime(network["midnight"].placed_at, PARIS).date()
    assert network["midnight"].placed_at.astimezone(ZoneInfo("UTC")).date() < day
    on_the_day = Period(start=day, end=day)
    the_day_before = Period(start=day - timedelta(days=1), end=day - timedelta(days=1))
    assert orders_compared(organisation=lyon, period=on_the_day).current.count == 2
    assert orders_compared(organisation=lyon, period=the_day_before).current.count == 0
    channels = {c.channel: c.count for c in sales_by_channel(period=on_the_day)}
    assert channels[Channel.RESELLER] == 2


def test_the_rebuild_writes_the_rows_the_services_kept_and_is_idempotent(network):
    kept = rows()
    assert kept["network"] and kept["days"] and kept["months"]
    out = StringIO()
    call_command("rebuild_sales_summary", stdout=out)
    assert "Rebuilt in" in out.getvalue()
    assert rows() == kept
    call_command("rebuild_sales_summary", stdout=StringIO())
    assert rows() == kept
    today = network["today"]
    assert_every_figure_is_live(
        periods_of(today), [network["lyon"], network["rennes"]], today=today
    )


def test_the_rebuild_counts_orders_loaded_in_bulk(network):
    lyon, today = network["lyon"], network["today"]
    extra = Order.objects.get(pk=network["midnight"].pk)
    extra.pk, extra.number, extra.submission_key = None, None, "bulk-copy"
    Order.objects.bulk_create([extra])  # no service: the rows do not know it
    period = Period(start=today - timedelta(days=60), end=today)
    # The two orders of day 40 and the warranty part; the cancelled one not.
    assert orders_compared(organisation=lyon, period=period).current.count == 3
    call_command("rebuild_sales_summary", stdout=StringIO())
    assert orders_compared(organisation=lyon, period=period).current.count == 4
    assert_every_figure_is_live(periods_of(today), [lyon], today=today)


def test_a_reseller_that_sells_nothing_reads_zeros(db):
    nobody = OrganisationFactory()
    period = Period(start=date(2025, 1, 1), end=date(2026, 12, 31))
    compared = orders_compared(organisation=nobody, period=period)
    assert (compared.current.count, compared.current.amount) == (0, Decimal("0.00"))
    assert credited_sales(organisation=nobody, period=period).commission == 0
    assert sales_by_reseller(period=period) == []
    assert [c.count for c in sales_by_channel(period=period)] == [0, 0, 0]


def test_cancelling_an_order_whose_rows_were_never_built_changes_nothing_else(
    organisation, buyer
):
    """A database migrated with orders and not rebuilt yet: the cancellation
    goes through, and no row counts below zero."""
    organisation.may_order_on_account = True
    organisation.save()
    product = stocked(unit_price=Decimal("10.00"), on_hand=10)
    order = placed_order(buyer, [(product, 2)])
    for model in (NetworkDaySales, ResellerDaySales, ResellerMonthSales):
        model.objects.all().delete()
    services.order_cancel(order=order, by=buyer, reason="Erreur")
    assert not ResellerDaySales.objects.exists()
    assert not ResellerMonthSales.objects.exists()
    assert not NetworkDaySales.objects.exists()  # nothing there to count it in


def test_a_row_that_counts_nothing_any_more_goes_as_a_rebuild_leaves_it(
    organisation, buyer
):
    organisation.may_order_on_account = True
    organisation.save()
    product = stocked(unit_price=Decimal("10.00"), on_hand=10)
    kept = placed_order(buyer, [(product, 1)])
    order = placed_order(buyer, [(product, 2)])
    bought = ResellerDaySales.objects.get(organisation=organisation)
    assert (bought.orders, bought.amount) == (2, Decimal("30.00"))
    services.order_cancel(order=order, by=buyer, reason="Erreur")
    bought.refresh_from_db()
    assert (bought.orders, bought.amount) == (1, Decimal("10.00"))
    services.order_cancel(order=kept, by=buyer, reason="Erreur")
    assert not ResellerDaySales.objects.filter(organisation=organisation).exists()
    assert not ResellerMonthSales.objects.filter(organisation=organisation).exists()
    network = NetworkDaySales.objects.get()
    assert (network.orders, network.amount, network.cancelled) == (0, 0, 2)
    before = rows()
    call_command("rebuild_sales_summary", stdout=StringIO())
    assert rows() == before


# --- Two placements at once on PostgreSQL -----------------------------------------


@pytest.fixture
def migration_rows(transactional_db):
    """The staff groups the data migrations make: a committing test that ran
    before this one on the same database emptied every table."""
    restore_migration_rows()


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_orders_placed_at_the_same_moment_are_all_counted(
    migration_rows, organisation, agent
):
    """Each placement adds its order to the day's rows; the second to reach a
    row waits for the first's commit and adds to what it left, so no count
    is lost, whether the row existed or both insert it at once."""
    TerritoryPrefix.objects.create(organisation=organisation, postcode_prefix="69")
    product = stocked(unit_price=Decimal("10.00"), on_hand=100)
    customers = [CustomerFactory(postcode="69003") for _ in range(4)]

    def place(n: int):
        return lambda: services.call_center_order_place(
            customer=customers[n],
            by=agent,
            items=[(product, 1)],
            payment_method=Order.PaymentMethod.BANK_TRANSFER,
            submission_key=f"at-once-{n}",
        )

    results = all_at_once([place(n) for n in range(4)])
    assert all(isinstance(result, Order) for result in results), results
    today = timezone.localdate()
    network_rows = NetworkDaySales.objects.get(day=today, channel=Channel.CALL_CENTER)
    assert network_rows.orders == 4
    credited = ResellerDaySales.objects.get(
        organisation=organisation, day=today, basis="credited"
    )
    assert (credited.orders, credited.amount) == (4, Decimal("40.00"))
    month = ResellerMonthSales.objects.get(organisation=organisation, basis="credited")
    assert month.orders == 4


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans by its statistics, which a test's few rows skew",
)
@pytest.mark.django_db
def test_the_top_resellers_read_the_summary_rows_from_their_indexes_alone():
    """Two years of a 1,000-reseller network read tens of thousands of month
    rows: from the index alone, not the index and then each row."""
    today = date(2026, 12, 7)
    two_years = Period(start=today - timedelta(days=729), end=today)
    with CaptureQueriesContext(connection) as queries:
        sales_by_reseller(period=two_years)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = " | ".join(row[-1] for row in cursor.fetchall())

    assert "USING COVERING INDEX reseller_month_sales_cover_idx" in plan, plan
    assert "USING COVERING INDEX reseller_day_sales_cover_idx" in plan, plan
