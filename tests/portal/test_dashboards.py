"""The reseller's and the managers' dashboards: figures, access, period, CSV,
and a query count that stays put when the data grows tenfold."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from accounts.callbacks.models import CallbackRequest
from accounts.network.models import Role
from portal.dashboards import charts, selectors
from portal.dashboards.periods import Period, month_to_date
from tests.accounts.factories import (
    CustomerFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.pages.factories import fault_code, manual, site_with_documentation
from tests.pages.factories import technical_sheet as sheet_page
from tests.portal.dashboard_data import (
    OCTOBER,
    Channel,
    callback,
    grow,
    october_installations,
    october_orders,
    october_promises,
    open_callbacks,
    order,
    paris,
    stock,
    stocked_appliance,
)

pytestmark = pytest.mark.django_db

RESELLER_URL = "/reseller/dashboard/"
STAFF_URL = "/staff/dashboard/"
OCTOBER_QUERY = {"start": "2026-10-01", "end": "2026-10-31"}
PERIOD = Period(*OCTOBER)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def fitted_products(db):
    """An appliance and its cartridge, in stock."""
    return stocked_appliance()


@pytest.fixture
def documentation(fitted_products):
    """Two pages not published again for over a year, one fresh."""
    appliance, _part = fitted_products
    tree = site_with_documentation()
    old_sheet = sheet_page(tree["index"], appliance)
    old_manual = manual(tree["index"], appliance)
    fault_code(tree["codes"], [appliance])
    now = timezone.now()
    Page.objects.filter(pk=old_sheet.pk).update(
        last_published_at=now - timedelta(days=500)
    )
    Page.objects.filter(pk=old_manual.pk).update(
        last_published_at=now - timedelta(days=400)
    )
    return {"sheet": old_sheet, "manual": old_manual}


@pytest.fixture
def network(organisation, other_organisation, fitted_products, documentation):
    """The October data set of ``dashboard_data`` for Lyon and Bretagne."""
    today, now = timezone.localdate(), timezone.now()
    appliance, part = fitted_products
    october_orders(organisation, other_organisation)
    october_installations(
        organisation, other_organisation, appliance=appliance, part=part, today=today
    )
    open_callbacks(organisation, other_organisation, now=now)
    october_promises(organisation, other_organisation)
    products = stock(today=today)
    OrganisationFactory(name="Sans ventes", slug="sans-ventes")
    return {"today": today, "now": now, "products": products, **documentation}


# --- Reseller figures ---------------------------------------------------------


def test_a_reseller_dashboard_adds_up_its_own_october(network, organisation):
    board = selectors.reseller_dashboard(organisation=organisation, period=PERIOD)

    # Cancelled, earlier and after-midnight-in-Paris orders are left out.
    assert (board.orders.current.count, board.orders.current.amount) == (
        3,
        Decimal("400.00"),
    )
    assert board.orders.period.previous == Period(date(2026, 8, 31), date(2026, 9, 30))
    assert (board.orders.previous.count, board.orders.previous.amount) == (
        1,
        Decimal("200.00"),
    )
    assert board.orders.count_change == Decimal("200")
    assert board.orders.amount_change == Decimal("100")
    # Web and call-center sales credited to Lyon, each at its own rate.
    assert board.credited == selectors.CreditedSales(
        count=2, amount=Decimal("165.50"), commission=Decimal("10.55")
    )
    assert board.installations == 2
    assert board.maintenance == selectors.MaintenanceDue(due=2, overdue=1)
    assert board.callbacks == selectors.OpenCallbacks(pending=3, overdue=2)
    assert (board.promises.kept, board.promises.decided) == (2, 4)
    assert board.promises.rate == Decimal("50.0")


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL's plan with a test's few rows is not the one of a network",
)
def test_the_consumables_due_are_counted_from_their_unit_and_date_index(
    network, organisation
):
    """Each of the reseller's installations looks its consumables up in the
    (installation, next change) index, which holds all the count needs: a
    busy reseller has hundreds of installations."""
    with CaptureQueriesContext(connection) as captured:
        selectors.maintenance_due(organisation=organisation)
    (sql,) = [q["sql"] for q in captured if "installationconsumable" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "USING COVERING INDEX consumable_unit_due_idx" in plan


def test_the_commission_is_the_one_of_the_statement_to_the_cent(organisation):
    """Rounded per sale, half up: two 10.10 sales at 5 % earn 0.51 each."""
    from ordering.orders.selectors import credited_sales_statement

    for day, amount, rate in [
        (3, "10.10", "5.00"),
        (4, "10.10", "5.00"),
        (5, "0.29", "10.00"),
        (6, "1234.57", "7.25"),
    ]:
        order(
            channel=Channel.WEB,
            credited=organisation,
            rate=rate,
            placed_at=paris(2026, 10, day),
            amount=amount,
        )

    credited = selectors.credited_sales(organisation=organisation, period=PERIOD)

    statement = credited_sales_statement(
        organisation=organisation, month=date(2026, 10, 1)
    )
    assert credited.commission == statement.total_commission == Decimal("90.56")
    assert credited.amount == statement.total_excl_vat


def test_the_orders_series_has_a_bar_per_day_with_the_orders_of_that_day(
    network, organisation
):
    series = selectors.order_series(period=PERIOD, organisation=organisation)

    assert len(series) == 31
    assert series[0].starts_on == date(2026, 10, 1)
    by_day = {p.starts_on.day: (p.count, p.amount) for p in series if p.count}
    assert by_day == {
        5: (1, Decimal("100.00")),
        10: (1, Decimal("50.00")),
        20: (1, Decimal("250.00")),
    }


def test_another_reseller_sees_only_its_own_figures(network, other_organisation):
    board = selectors.reseller_dashboard(organisation=other_organisation, period=PERIOD)

    assert (board.orders.current.count, board.orders.current.amount) == (
        1,
        Decimal("500.00"),
    )
    assert board.credited == selectors.CreditedSales(
        count=1, amount=Decimal("60.00"), commission=Decimal("3.00")
    )
    assert board.installations == 1
    assert board.maintenance == selectors.MaintenanceDue(due=1, overdue=0)
    assert board.callbacks == selectors.OpenCallbacks(pending=1, overdue=1)
    assert (board.promises.kept, board.promises.decided) == (1, 1)


def test_the_reseller_page_shows_its_figures_and_nothing_of_another_reseller(
    english, network, owner
):
    english.force_login(owner)

    response = english.get(RESELLER_URL, OCTOBER_QUERY)

    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["dashboard"].organisation.name == "Aqua Services Lyon"
    for shown in ["400.00", "165.50", "10.55", "+100%"]:
        assert shown in body, shown
    for hidden in ["Confort Eau Bretagne", "500.00", "560.00"]:
        assert hidden not in body, hidden
    assert 'role="img"' in body
    assert body.count('class="chart__bar chart__bar--orders"') == 3
    assert 'href="/reseller/statements/"' in body


def test_the_figures_are_written_the_french_way_by_default(client, network, owner):
    client.force_login(owner)

    body = client.get(RESELLER_URL, OCTOBER_QUERY).content.decode()

    assert "400,00\u00a0€" in body
    assert "165,50\u00a0€" in body


# --- Network figures ----------------------------------------------------------


def test_the_network_dashboard_adds_up_october(network, organisation):
    board = selectors.network_dashboard(period=PERIOD)

    assert [(c.channel, c.count, c.amount) for c in board.channels] == [
        ("reseller", 3, Decimal("850.00")),
        ("web", 3, Decimal("210.00")),
        ("call_center", 2, Decimal("95.50")),
    ]
    assert (board.total.count, board.total.amount) == (8, Decimal("1155.50"))
    assert [
        (r.organisation.name, r.bought, r.credited, r.total) for r in board.resellers
    ] == [
        ("Aqua Services Lyon", Decimal("400.00"), Decimal("165.50"), Decimal("565.50")),
        (
            "Confort Eau Bretagne",
            Decimal("500.00"),
            Decimal("60.00"),
            Decimal("560.00"),
        ),
    ]
    assert (board.promises.kept, board.promises.decided) == (4, 7)
    assert board.promises.rate == Decimal("57.1")
    assert board.documentation.count == 2
    assert [p.title for p in board.documentation.shown] == [
        "Fiche technique AquaPure 300",
        "Manuel de mise en service AquaPure 300",
    ]


def test_the_documentation_to_review_counts_the_pages_it_does_not_list(network):
    """The oldest pages are listed, the count covers them all; none to review
    reads as zero, not as an error."""
    oldest = selectors.documentation_to_review(limit=1)

    assert oldest.count == 2
    assert [p.title for p in oldest.shown] == ["Fiche technique AquaPure 300"]

    Page.objects.filter(pk__in=[p.pk for p in oldest.shown]).update(
        last_published_at=timezone.now()
    )
    assert selectors.documentation_to_review(limit=1).count == 1
    Page.objects.update(last_published_at=timezone.now())
    assert selectors.documentation_to_review() == selectors.DocumentationToReview(
        count=0, shown=[]
    )


def test_stock_alerts_are_out_of_stock_first_then_fewest_available(network):
    today = network["today"]

    alerts = selectors.stock_alerts(today=today)

    assert (alerts.out, alerts.low) == (3, 2)
    assert [
        (a.product.reference, a.available, a.next_restock) for a in alerts.shown
    ] == [
        ("OUT-1", 0, today + timedelta(days=4)),
        ("OUT-2", 0, None),
        ("OUT-3", 0, None),
        ("LOW-2", 2, None),
        ("LOW-1", 3, None),
    ]


def test_the_promise_series_counts_per_week_of_the_due_date(network):
    points = selectors.callback_promise_series(period=PERIOD)

    assert points[0].starts_on == date(2026, 9, 28)  # the Monday
    weeks = {p.starts_on: (p.promises.kept, p.promises.decided) for p in points}
    assert weeks == {
        date(2026, 9, 28): (0, 0),
        date(2026, 10, 5): (2, 4),  # 5th kept, 6th late, 7th missed, 9th kept
        date(2026, 10, 12): (1, 2),  # 15th kept, 16th never made
        date(2026, 10, 19): (1, 1),
        date(2026, 10, 26): (0, 0),
    }


def test_the_manager_page_shows_the_network(english, network, manager):
    english.force_login(manager)

    response = english.get(STAFF_URL, OCTOBER_QUERY)

    assert response.status_code == 200
    body = response.content.decode()
    for shown in [
        "1,155.50",
        "565.50",
        "560.00",
        "57.1%",
        "Membrane osmose",
        "Fiche technique AquaPure 300",
        f'href="/admin/pages/{network["sheet"].pk}/edit/"',
    ]:
        assert shown in body, shown
    assert "Sans ventes" not in body
    assert body.count('role="img"') == 3


# --- Callback promises --------------------------------------------------------


def test_a_promise_counts_once_it_is_decided(organisation):
    """Decided: done, missed, or past its due time; kept: done by then."""
    now = paris(2026, 10, 25, 12)
    kept_early = paris(2026, 10, 28, 12)
    callback(
        organisation=organisation,
        due_at=kept_early,
        status=CallbackRequest.Status.DONE,
        done_at=now - timedelta(hours=1),
    )
    callback(organisation=organisation, due_at=paris(2026, 10, 29))  # may be kept
    callback(organisation=organisation, due_at=paris(2026, 10, 24))  # late, open
    callback(due_at=paris(2026, 10, 24), status=CallbackRequest.Status.MISSED)

    mine = selectors.callback_promise_rate(
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        organisation=organisation,
        now=now,
    )
    everyone = selectors.callback_promise_rate(
        start=date(2026, 10, 1), end=date(2026, 10, 31), now=now
    )
    nothing = selectors.callback_promise_rate(
        start=date(2026, 9, 1), end=date(2026, 9, 30), now=now
    )

    assert (mine.kept, mine.decided, mine.rate) == (1, 2, Decimal("50.0"))
    assert (everyone.kept, everyone.decided) == (1, 3)
    assert (nothing.decided, nothing.rate) == (0, None)


def test_no_decided_callback_shows_a_dash(english, owner):
    english.force_login(owner)

    body = english.get(RESELLER_URL).content.decode()

    assert "Promises kept in the period: —" in body


# --- Access -------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OWNER, Role.BUYER])
def test_owners_and_buyers_see_their_organisation_dashboard(client, organisation, role):
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)

    response = client.get(RESELLER_URL)

    assert response.status_code == 200
    assert response.context["dashboard"].organisation == organisation
    assert (
        'href="/reseller/dashboard/" aria-current="page"' in response.content.decode()
    )


def test_a_technician_has_no_dashboard_nor_a_link_to_one(client, technician):
    # Orders and credited sales are the owners' and buyers' business.
    client.force_login(technician)
    assert client.get(RESELLER_URL).status_code == 404
    assert RESELLER_URL not in client.get(reverse("home")).content.decode()


def test_the_login_page_comes_first(client):
    for url in (RESELLER_URL, STAFF_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_call_center_agent_is_told_the_network_dashboard_is_for_managers(
    english, agent
):
    english.force_login(agent)

    response = english.get(STAFF_URL)

    assert response.status_code == 403
    assert "for managers" in response.content.decode()
    assert english.get(RESELLER_URL).status_code == 404
    assert 'href="/staff/dashboard/"' not in english.get("/").content.decode()


def test_a_manager_is_sent_from_the_reseller_dashboard_to_the_network_one(
    client, manager
):
    client.force_login(manager)

    response = client.get(RESELLER_URL, OCTOBER_QUERY)

    assert response.status_code == 302
    assert response["Location"] == f"{STAFF_URL}?start=2026-10-01&end=2026-10-31"
    assert 'href="/staff/dashboard/"' in client.get("/").content.decode()


def test_resellers_and_customers_have_no_network_dashboard(client, owner):
    client.force_login(owner)
    assert client.get(STAFF_URL).status_code == 404

    customer = CustomerFactory(user=UserFactory())
    client.force_login(customer.user)
    assert client.get(RESELLER_URL).status_code == 404
    assert client.get(STAFF_URL).status_code == 404


# --- Period -------------------------------------------------------------------


def test_the_default_period_is_the_current_month_so_far(client, owner):
    client.force_login(owner)

    response = client.get(RESELLER_URL)

    today = timezone.localdate()
    assert response.context["dashboard"].period == Period(today.replace(day=1), today)
    body = response.content.decode()
    assert f'value="{today.replace(day=1).isoformat()}"' in body
    assert f'value="{today.isoformat()}"' in body


def test_the_presets_link_to_this_month_last_month_and_the_last_90_days(english, owner):
    english.force_login(owner)
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - timedelta(days=1)

    response = english.get(RESELLER_URL)

    presets = {p["label"]: p["url"] for p in response.context["presets"]}
    assert presets == {
        "This month": f"{RESELLER_URL}?start={today.replace(day=1)}&end={today}",
        "Last month": (
            f"{RESELLER_URL}?start={last_month_end.replace(day=1)}&end={last_month_end}"
        ),
        "Last 90 days": (
            f"{RESELLER_URL}?start={today - timedelta(days=89)}&end={today}"
        ),
    }
    current = [p["label"] for p in response.context["presets"] if p["current"]]
    assert current == ["This month"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-13-45", "end": "2026-10-31"}, "From: Enter a valid date."),
        ({"start": "pas une date"}, "From: Enter a valid date."),
        ({"start": "2026-10-31", "end": "2026-10-01"}, "The start date is after"),
        ({"start": "2020-01-01", "end": "2026-10-31"}, "three years at most"),
    ],
)
def test_a_bad_period_is_explained_and_the_current_month_shown(
    english, owner, query, message
):
    english.force_login(owner)

    response = english.get(RESELLER_URL, query)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "current month so far" in body
    assert response.context["dashboard"].period == month_to_date()


def test_a_start_alone_runs_to_today_and_french_dates_are_understood(client, owner):
    client.force_login(owner)
    today = timezone.localdate()

    alone = client.get(RESELLER_URL, {"start": "2026-10-01"})
    french = client.get(RESELLER_URL, {"start": "01/10/2026", "end": "31/10/2026"})

    assert alone.context["dashboard"].period == Period(date(2026, 10, 1), today)
    assert french.context["dashboard"].period == PERIOD


def test_longer_periods_are_drawn_per_week_then_per_month():
    assert Period(date(2026, 10, 1), date(2026, 10, 31)).granularity == "day"
    assert Period(date(2026, 9, 1), date(2026, 11, 29)).granularity == "week"
    year = Period(date(2025, 12, 1), date(2026, 11, 30))
    assert year.granularity == "month"
    assert len(year.buckets()) == 12
    assert Period(date(2026, 10, 1), date(2026, 10, 31)).buckets("week")[0] == date(
        2026, 9, 28
    )


# --- CSV ----------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_reseller_csv_holds_the_figures_shown(english, network, owner):
    english.force_login(owner)

    response = english.get(RESELLER_URL, {**OCTOBER_QUERY, "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="dashboard-aqua-lyon-2026-10-01_2026-10-31.csv"'
    )
    rows = _csv_rows(response)
    assert rows[0] == ["Section", "Item", "Measure", "Value"]
    for row in [
        ["Reseller", "Aqua Services Lyon", "", ""],
        ["Period", "Previous period", "From", "2026-08-31"],
        ["Orders placed", "This period", "Orders", "3"],
        ["Orders placed", "This period", "Amount excl. VAT (EUR)", "400,00"],
        ["Orders placed", "Change", "Amount (%)", "100"],
        ["Credited online sales", "This period", "Commission (EUR)", "10,55"],
        ["Installations", "This period", "Recorded", "2"],
        ["Maintenance", "Today", "Overdue", "1"],
        ["Callbacks", "Today", "Open", "3"],
        ["Callbacks", "This period", "Kept (%)", "50,0"],
        ["Orders per day", "2026-10-20", "Amount excl. VAT (EUR)", "250,00"],
    ]:
        assert row in rows, row
    assert not any("Bretagne" in cell for row in rows for cell in row)


def test_the_network_csv_holds_the_figures_shown(english, network, manager):
    english.force_login(manager)

    response = english.get(STAFF_URL, {**OCTOBER_QUERY, "format": "csv"})

    assert response["Content-Disposition"] == (
        'attachment; filename="network-dashboard-2026-10-01_2026-10-31.csv"'
    )
    rows = _csv_rows(response)
    for row in [
        ["Sales by channel", "Website", "Amount excl. VAT (EUR)", "210,00"],
        ["Sales by channel", "Total", "Orders", "8"],
        [
            "Sales by reseller",
            "Confort Eau Bretagne",
            "Credited excl. VAT (EUR)",
            "60,00",
        ],
        ["Stock alerts", "Today", "Out of stock", "3"],
        [
            "Stock alerts",
            "OUT-1 Membrane osmose",
            "Next restock",
            (network["today"] + timedelta(days=4)).isoformat(),
        ],
        ["Callback promises", "This period", "Kept (%)", "57,1"],
        ["Documentation not reviewed for 12 months", "Today", "Pages", "2"],
        ["Sales excl. VAT (EUR) per day", "2026-10-12", "Call center", "45,50"],
    ]:
        assert row in rows, row


def test_an_agent_gets_no_network_csv(client, agent):
    client.force_login(agent)

    assert client.get(STAFF_URL, {"format": "csv"}).status_code == 403


# --- Query counts -------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, OCTOBER_QUERY)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboards_query_count_does_not_grow_with_the_data(
    client, network, organisation, other_organisation, owner, manager
):
    def grown(times):
        grow(
            lyon=organisation,
            bretagne=other_organisation,
            period=OCTOBER,
            times=times,
            today=network["today"],
            now=network["now"],
        )

    def counts():
        client.force_login(owner)
        reseller = _queries(client, RESELLER_URL)
        client.force_login(manager)
        return reseller, _queries(client, STAFF_URL)

    grown(3)
    small = counts()
    grown(27)  # ten times as many rows
    large = counts()

    assert large == small
    reseller, network_board = small
    assert reseller <= 12
    # The user, their membership, their groups and the cart's count, then
    # one query per figure (the test below): 14, and the session's own read
    # in a real browser.
    assert network_board <= 15


def test_the_figures_themselves_run_one_query_each(
    django_assert_num_queries, network, organisation
):
    """Seven for a reseller, ten for the network (two for the stock alerts;
    the documentation's count and first ten in one; the sales by channel
    added up from the series' rows; one each for the first-visit fix rate,
    the claims and the safety notices)."""
    selectors.network_dashboard(period=PERIOD)  # Wagtail's content types, cached
    with django_assert_num_queries(7):
        selectors.reseller_dashboard(organisation=organisation, period=PERIOD)
    with django_assert_num_queries(10):
        selectors.network_dashboard(period=PERIOD)


# --- Charts -------------------------------------------------------------------


def test_gridlines_fall_on_round_numbers():
    assert charts.nice_step(9) == 5
    assert charts.nice_step(3) == 1
    assert charts.nice_step(1230) == 500
    assert charts.nice_step(0.8, whole=False) == 0.2


def test_a_chart_with_nothing_to_draw_says_so(english, owner):
    english.force_login(owner)

    body = english.get(RESELLER_URL).content.decode()

    assert "No orders in this period." in body
    assert 'role="img"' not in body


def test_column_coordinates_are_written_with_a_dot_in_french(client, network, owner):
    client.force_login(owner)

    body = client.get(RESELLER_URL, OCTOBER_QUERY).content.decode()

    start = body.index('<svg class="chart__svg"')  # not an icon's SVG
    chart = body[start : body.index("</svg>", start)]
    assert 'width="2.258%"' in chart  # 70 % of a 31st of the width
    assert "," not in chart.split("<title>")[0]
