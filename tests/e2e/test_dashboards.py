"""Dashboards: a reseller and a manager read their figures, change the period,
see the charts, on a desktop and on a phone; the call center is turned away."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage

from accounts.callbacks.models import CallbackRequest
from tests.accounts.factories import PASSWORD
from tests.conftest import restore_migration_rows
from tests.e2e.conftest import (
    PHONE,
    assert_no_serious_axe_violations,
    expect_no_page_scroll_sideways,
    log_in,
    screenshot,
)
from tests.pages.factories import manual, site_with_documentation, technical_sheet
from tests.portal.dashboard_data import (
    Channel,
    Status,
    callback,
    consumable,
    installation,
    order,
    stock,
    stocked_appliance,
)

pytestmark = pytest.mark.e2e

Callback = CallbackRequest.Status
# Orders spread over the weeks before this month: something to draw.
SPREAD = 24
SPREAD_EVERY_DAYS = 3


@pytest.fixture
def managers_see_dashboards(staff_groups) -> None:
    """The dashboard permission: ``staff_groups`` grants it with the rest."""


@pytest.fixture
def wagtail_root(transactional_db) -> None:
    """Wagtail's locale and root page, which the live server's flush removes."""
    restore_migration_rows()


def _local(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def known_network(organisation, other_organisation, wagtail_root):
    """This month so far: Lyon bought 2 orders (200.50), 1 web sale of 200.00
    is credited to it (5 %: 10.00); Bretagne bought 300.00 and was credited
    90.00; a call-center sale of 45.00 went to nobody. Before this month,
    Lyon's orders of 20.00 every three days."""
    now, today = timezone.now(), timezone.localdate()
    month_start = timezone.make_aware(datetime.combine(today.replace(day=1), time()))
    recent = max(now - timedelta(minutes=30), month_start + timedelta(minutes=1))
    lyon, bretagne = organisation, other_organisation
    order(organisation=lyon, placed_at=recent, amount="120.00")
    order(organisation=lyon, placed_at=recent, amount="80.50")
    order(organisation=lyon, placed_at=recent, amount="999.00", status=Status.CANCELLED)
    order(channel=Channel.WEB, credited=lyon, placed_at=recent, amount="200.00")
    order(organisation=bretagne, placed_at=recent, amount="300.00")
    order(channel=Channel.WEB, credited=bretagne, placed_at=recent, amount="90.00")
    order(channel=Channel.CALL_CENTER, placed_at=recent, amount="45.00")
    spread_days = []
    for k in range(1, SPREAD + 1):
        day = today.replace(day=1) - timedelta(days=k * SPREAD_EVERY_DAYS)
        spread_days.append(day)
        order(organisation=lyon, placed_at=_local(day), amount="20.00")
        order(
            channel=Channel.WEB if k % 2 else Channel.CALL_CENTER,
            credited=bretagne,
            placed_at=_local(day, 15),
            amount="35.00",
        )
    appliance, part = stocked_appliance()
    fitted = installation(lyon, submitted_at=recent, appliance=appliance)
    consumable(fitted, part, due_on=today + timedelta(days=12))
    consumable(
        installation(lyon, submitted_at=_local(spread_days[-1]), appliance=appliance),
        part,
        due_on=today - timedelta(days=2),
    )
    callback(organisation=lyon, due_at=now + timedelta(hours=2))
    callback(organisation=lyon, due_at=now - timedelta(hours=1))
    for k, day in enumerate(spread_days[:12]):
        due = _local(day, 11)
        done = due + (timedelta(hours=2) if k % 4 == 0 else -timedelta(hours=1))
        callback(due_at=due, status=Callback.DONE, done_at=done)
    stock(today=today)
    tree = site_with_documentation()
    for page in (
        technical_sheet(tree["index"], appliance),
        manual(tree["index"], appliance),
    ):
        WagtailPage.objects.filter(pk=page.pk).update(
            last_published_at=now - timedelta(days=420)
        )
    in_90_days = [d for d in spread_days if d >= today - timedelta(days=89)]
    return {"today": today, "spread_in_90_days": len(in_90_days)}


def _kpi(page: Page, name: str):
    return page.locator(f"#kpi-{name}")


def assert_no_value_label_over_a_column(page: Page) -> None:
    """The gridlines' values ("1 000 €") sit beside the plot: none lies over
    a column, which the first one's did."""
    labels = [box for box in _boxes(page, ".chart__tick--value")]
    bars = [box for box in _boxes(page, "rect.chart__bar")]
    assert labels and bars
    for label in labels:
        for bar in bars:
            apart = (
                label["x"] + label["width"] <= bar["x"]
                or bar["x"] + bar["width"] <= label["x"]
                or label["y"] + label["height"] <= bar["y"]
                or bar["y"] + bar["height"] <= label["y"]
            )
            assert apart, f"value label {label} lies over a column {bar}"


def _boxes(page: Page, selector: str) -> list[dict]:
    return [
        box
        for box in (el.bounding_box() for el in page.locator(selector).all())
        if box and box["width"] and box["height"]
    ]


def test_a_reseller_reads_the_month_and_looks_back_90_days(
    new_context, live_server, owner, known_network
):
    page = new_context()
    log_in(page, owner.email, PASSWORD)
    page.locator('nav.tabs a[href="/reseller/dashboard/"]').click()

    expect(page).to_have_url(re.compile(r"/reseller/dashboard/$"))
    expect(page.locator("h1")).to_contain_text("Aqua Services Lyon")
    expect(_kpi(page, "orders").locator(".kpi__value")).to_have_text("2")
    expect(_kpi(page, "orders")).to_contain_text("200,50\u00a0€")
    expect(_kpi(page, "credited").locator(".kpi__value")).to_have_text("1")
    expect(_kpi(page, "credited")).to_contain_text("200,00\u00a0€")
    expect(_kpi(page, "credited")).to_contain_text("10,00\u00a0€")
    expect(_kpi(page, "installations").locator(".kpi__value")).to_have_text("1")
    expect(_kpi(page, "maintenance").locator(".kpi__value")).to_have_text("2")
    expect(_kpi(page, "maintenance").locator(".badge--overdue")).to_contain_text("1")
    expect(_kpi(page, "callbacks").locator(".kpi__value")).to_have_text("2")
    expect(page.locator("main")).not_to_contain_text("Confort Eau Bretagne")
    expect(page.locator("svg[role=img]")).to_have_count(1)
    assert_no_serious_axe_violations(page)

    page.locator(".dashboard-period__presets a").nth(2).click()  # last 90 days

    today = known_network["today"]
    expect(page.locator("input[name=start]")).to_have_value(
        (today - timedelta(days=89)).isoformat()
    )
    orders = 2 + known_network["spread_in_90_days"]
    expect(_kpi(page, "orders").locator(".kpi__value")).to_have_text(str(orders))
    chart = page.locator("#orders-chart-title + .chart__plot svg.chart__svg")
    expect(chart).to_be_visible()
    assert chart.locator("rect.chart__bar").count() >= 5
    assert_no_value_label_over_a_column(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, "dashboard_reseller")

    # Last month typed in the dates: the month's orders only.
    last_end = today.replace(day=1) - timedelta(days=1)
    page.locator("input[name=start]").fill(last_end.replace(day=1).isoformat())
    page.locator("input[name=end]").fill(last_end.isoformat())
    page.locator(".dashboard-period__form button[type=submit]").click()
    in_last_month = sum(
        1
        for k in range(1, SPREAD + 1)
        if (today.replace(day=1) - timedelta(days=k * SPREAD_EVERY_DAYS)).month
        == last_end.month
    )
    expect(_kpi(page, "orders").locator(".kpi__value")).to_have_text(str(in_last_month))

    # A bad period is explained, and the month so far shown instead.
    page.locator("input[name=start]").fill(today.isoformat())
    page.locator("input[name=end]").fill((today - timedelta(days=3)).isoformat())
    page.locator(".dashboard-period__form button[type=submit]").click()
    expect(page.locator(".form-errors[role=alert]")).to_be_visible()
    expect(_kpi(page, "orders").locator(".kpi__value")).to_have_text("2")


def test_the_reseller_dashboard_fits_a_phone(
    new_context, live_server, buyer, known_network
):
    page = new_context(viewport=PHONE)
    log_in(page, buyer.email, PASSWORD)
    page.goto("/reseller/dashboard/")
    page.locator(".dashboard-period__presets a").nth(2).click()

    expect(_kpi(page, "orders").locator(".kpi__value")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect_no_page_scroll_sideways(page)
    screenshot(page, "dashboard_reseller_phone")


def test_a_manager_reads_the_network(
    new_context, live_server, manager, managers_see_dashboards, known_network
):
    page = new_context()
    log_in(page, manager.email, PASSWORD)
    page.locator('nav.tabs a[href="/staff/dashboard/"]').click()

    expect(page).to_have_url(re.compile(r"/staff/dashboard/$"))
    channels = page.locator("#sales-by-channel")
    expect(channels.locator('tr[data-channel="reseller"] td')).to_have_text(
        ["3", "500,50\u00a0€"]
    )
    expect(channels.locator('tr[data-channel="web"] td')).to_have_text(
        ["2", "290,00\u00a0€"]
    )
    expect(channels.locator('tr[data-channel="call_center"] td')).to_have_text(
        ["1", "45,00\u00a0€"]
    )
    expect(channels.locator("tfoot td")).to_have_text(["6", "835,50\u00a0€"])
    resellers = page.locator("#sales-by-reseller tbody tr")
    expect(resellers).to_have_count(2)
    expect(resellers.nth(0)).to_contain_text("Aqua Services Lyon")
    expect(resellers.nth(0).locator("td")).to_have_text(
        ["200,50\u00a0€", "200,00\u00a0€", "400,50\u00a0€"]
    )
    expect(resellers.nth(1).locator("td")).to_have_text(
        ["300,00\u00a0€", "90,00\u00a0€", "390,00\u00a0€"]
    )
    expect(page.locator("#stock-alerts tbody tr")).to_have_count(5)
    expect(page.locator("#stock-alerts tbody tr").first).to_contain_text("OUT-1")
    expect(_kpi(page, "documentation").locator(".kpi__value")).to_have_text("2")
    expect(page.locator(".review-list a").first).to_have_attribute(
        "href", re.compile(r"^/admin/pages/\d+/edit/$")
    )
    # Lyon's callback due an hour ago is not made: no promise kept yet.
    expect(_kpi(page, "promises").locator(".kpi__value")).to_have_text("0 %")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    assert_no_serious_axe_violations(page)

    page.locator(".dashboard-period__presets a").nth(2).click()  # last 90 days

    # 12 callbacks done before their due time but for every fourth, and
    # Lyon's missed one: 9 kept of 13.
    expect(_kpi(page, "promises").locator(".kpi__value")).to_have_text("69,2 %")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    expect(
        page.locator("#sales-chart-title + .chart__plot rect.chart__bar").first
    ).to_be_visible()
    assert_no_serious_axe_violations(page)
    screenshot(page, "dashboard_manager")
    # On paper: no filter, no buttons, the charts in colour.
    page.emulate_media(media="print")
    expect(page.locator(".dashboard-period__form")).to_be_hidden()
    expect(
        page.locator("#sales-chart-title + .chart__plot svg.chart__svg")
    ).to_be_visible()
    screenshot(page, "dashboard_manager_print")
    page.emulate_media(media="screen")

    phone = new_context(viewport=PHONE)
    log_in(phone, manager.email, PASSWORD)
    phone.goto(page.url)
    expect(phone.locator("#sales-by-channel")).to_be_visible()
    expect_no_page_scroll_sideways(phone)
    assert_no_value_label_over_a_column(phone)
    screenshot(phone, "dashboard_manager_phone")


def test_the_call_center_has_no_network_dashboard(
    new_context, live_server, agent, managers_see_dashboards
):
    page = new_context()
    log_in(page, agent.email, PASSWORD)

    expect(page.locator('nav.tabs a[href="/staff/dashboard/"]')).to_have_count(0)
    response = page.goto("/staff/dashboard/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("managers")
