"""Each role's home shows today's work as figures, and each figure's link opens
a list of exactly those rows (issue 16, item 1)."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, Workflow

from accounts.customers.selectors import installations_visible_to
from accounts.network.models import Invitation, Role
from ordering.orders.models import Order
from pages.models.listings import documentation_changes
from portal.dashboards.selectors.home import installations_work
from portal.money import money_format
from tests.accounts.factories import (
    InstallationFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.ordering.factories import ApplianceFactory
from tests.pages.factories import (
    fault_code,
    manual,
    site_with_documentation,
    technical_sheet,
)
from tests.portal.home_data import (
    buyer_world,
    callcenter_world,
    network_world,
    technician_world,
)

pytestmark = pytest.mark.django_db

CARD = re.compile(
    r'<a class="work-card__link" href="([^"]+)">\s*'
    r'<span class="work-card__figure">([^<]*)</span>\s*'
    r'<span class="work-card__label">([^<]*)</span>'
)


def _cards(client) -> dict[str, str]:
    """The home's cards: link -> figure, as the person sees them."""
    body = client.get(reverse("home")).content.decode()
    return {
        href.replace("&amp;", "&"): figure for href, figure, _ in CARD.findall(body)
    }


def _rows(client, href: str, table: int = 0) -> int:
    """Rows of the ``table``-th table body of the page a card opens."""
    response = client.get(href)
    assert response.status_code == 200, href
    body = response.content.decode()
    bodies = re.findall(r"<tbody>(.*?)</tbody>", body, re.S)
    return bodies[table].count("<tr") if len(bodies) > table else 0


def _url(name: str, query: str = "", *args) -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


# --- Buyer --------------------------------------------------------------------


def test_a_buyer_sees_orders_to_receive_open_orders_and_credited_sales(
    client, buyer, organisation
):
    shipped = buyer_world(organisation)
    client.force_login(buyer)
    cards = _cards(client)
    to_receive, open_orders = (
        _url("orders", "status=to_receive"),
        _url("orders", "status=open"),
    )
    back = _url("stock", "back_in_stock=on")
    assert cards == {
        to_receive: "2",
        open_orders: "2",
        back: "2",
        reverse("statements"): money_format(Decimal("100.00")),
    }
    assert _rows(client, to_receive) == 2
    assert _rows(client, open_orders) == 2
    assert _rows(client, reverse("statements")) == 1
    listed = client.get(back).content.decode().split("<tbody>")[1]
    assert listed.count("<tr") == 2
    assert "Cartouche de retour" in listed and "Préfiltre de retour" in listed
    body = client.get(reverse("home")).content.decode()
    assert shipped.number in body and "Plateforme de Corbas" in body


def test_another_reseller_s_orders_bring_a_buyer_nothing_back_in_stock(
    client, buyer, organisation
):
    buyer_world(OrganisationFactory())
    client.force_login(buyer)
    back = _url("stock", "back_in_stock=on")
    assert _cards(client)[back] == "0"
    assert _rows(client, back) == 0


def test_the_buyer_s_home_runs_the_same_queries_whatever_the_data(
    client, buyer, organisation, django_assert_max_num_queries
):
    client.force_login(buyer)
    buyer_world(organisation)

    def more_data():
        buyer_world(organisation)
        buyer_world(OrganisationFactory())

    _home_queries_stay_the_same(client, more_data, django_assert_max_num_queries)


def _home_queries_stay_the_same(client, more_data, assert_max_queries) -> int:
    """The home costs as many queries after ``more_data`` ran three times as
    before; returns that number."""
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for _ in range(3):
        more_data()
    with assert_max_queries(len(small.captured_queries)):
        client.get(reverse("home"))
    return len(small.captured_queries)


# --- Technician -----------------------------------------------------------------


def test_a_technician_sees_drafts_maintenance_due_and_the_team_s_callbacks(
    client, technician, organisation
):
    technician_world(organisation)
    client.force_login(technician)
    cards = _cards(client)
    drafts = reverse("installations") + "#drafts-title"
    due, callbacks = (
        _url("installations", "due=on"),
        _url("reseller_callbacks", "show=ours"),
    )
    today = _url("installations", f"recorded_from={timezone.localdate().isoformat()}")
    assert cards == {drafts: "2", today: "1", due: "2", callbacks: "2"}
    body = client.get(drafts).content.decode()
    section = body.split('id="drafts-title"')[1].split("</ul>")[0]
    assert section.count("<li>") == 2
    assert _rows(client, today) == 1
    assert _rows(client, due) == 2
    assert _rows(client, callbacks) == 2


def test_installations_recorded_today_start_at_local_midnight(technician, organisation):
    """ "Today" is the day of the portal's time zone, as the list's filter
    reads it: five minutes before local midnight is yesterday."""
    midnight = timezone.make_aware(
        datetime.combine(timezone.localdate(), datetime.min.time())
    )
    for moment in (midnight - timedelta(minutes=5), midnight + timedelta(minutes=5)):
        InstallationFactory(organisation=organisation, submitted_at=moment)
    figures = installations_work(
        installations_visible_to(technician), today=timezone.localdate()
    )
    assert figures.recorded_today == 1


def test_an_installer_reads_what_is_new_for_the_appliances_they_install(
    client, technician, organisation, buyer, django_assert_max_num_queries
):
    """The technician's "What's new" keeps to the appliances their team
    installed (and the consumables table); a buyer still reads every change."""
    installed, other = ApplianceFactory(name="AquaPure 300"), ApplianceFactory()
    InstallationFactory(organisation=organisation, appliance=installed)
    InstallationFactory(appliance=other)  # another reseller's
    tree = site_with_documentation()
    theirs = [
        technical_sheet(tree["index"], installed),
        fault_code(tree["codes"], [installed, other], title="Fuite E12"),
    ]
    not_theirs = [
        manual(tree["index"], other, title="Manuel de l'autre appareil"),
        fault_code(tree["codes"], [other], code="E40", title="Défaut E40"),
    ]

    def whats_new(user) -> str:
        client.force_login(user)
        body = client.get(reverse("home")).content.decode()
        return body.split('id="whats-new-title"')[1].split("</section>")[0]

    section = whats_new(technician)
    assert "Nouveautés pour les appareils que vous installez" in section
    for page in [*theirs, tree["table"]]:
        assert escape(page.title) in section
    for page in not_theirs:
        assert escape(page.title) not in section
    with django_assert_max_num_queries(1):
        pages = list(documentation_changes(appliance_ids=[installed.pk, installed.pk]))
    assert {p.pk for p in pages} == {p.pk for p in [*theirs, tree["table"]]}

    section = whats_new(buyer)
    for page in [*theirs, *not_theirs]:
        assert escape(page.title) in section


# --- Owner --------------------------------------------------------------------


def test_an_owner_sees_the_buyer_s_and_technician_s_cards_and_the_team(
    client, owner, organisation
):
    buyer_world(organisation)
    technician_world(organisation)
    MembershipFactory(organisation=organisation, role=Role.BUYER)
    Invitation.objects.create(
        organisation=organisation,
        email="new@example.test",
        role=Role.TECHNICIAN,
        invited_by=owner,
        expires_at=timezone.now() + timedelta(days=7),
    )
    client.force_login(owner)
    cards = _cards(client)
    team = reverse("team", args=[organisation.slug])
    assert cards[_url("orders", "status=to_receive")] == "2"
    assert cards[_url("installations", "due=on")] == "2"
    assert cards[team] == "2"
    assert cards[team + "#invitations-title"] == "1"
    assert _rows(client, team, table=0) == 2
    assert _rows(client, team, table=1) == 1
    assert cards[_url("installations", f"recorded_from={timezone.localdate()}")] == "1"
    assert cards[_url("stock", "back_in_stock=on")] == "2"
    assert len(cards) == 10


# --- Agent --------------------------------------------------------------------


def test_an_agent_sees_overdue_due_today_and_waiting_callbacks(
    client, agent, organisation
):
    callcenter_world(organisation)
    client.force_login(agent)
    cards = _cards(client)
    overdue = _url("callback_queue", "due=overdue")
    today = _url("callback_queue", "due=today")
    waiting = _url("callback_queue", "show=queue")
    assert cards == {overdue: "2", today: "1", waiting: "3"}
    assert _rows(client, overdue) == 2
    assert _rows(client, today) == 1
    assert _rows(client, waiting) == 3


# --- Manager ------------------------------------------------------------------


def test_a_manager_sees_the_network_s_figures_and_its_alerts(
    client, manager, organisation
):
    today = network_world(organisation)
    callcenter_world(organisation)
    client.force_login(manager)
    cards = _cards(client)
    day, first = today.isoformat(), today.replace(day=1).isoformat()
    orders_today = _url("orders", f"placed_from={day}&placed_to={day}")
    orders_month = _url("orders", f"placed_from={first}&placed_to={day}")
    installations = _url("installations", f"recorded_from={first}")
    stock = _url("stock", "availability=alert")
    month_count = 3 if today.day > 1 else 2
    sales = Decimal("75.00") if today.day > 1 else Decimal("50.00")
    assert cards[orders_today] == "2"
    assert cards[orders_month] == str(month_count)
    assert cards[reverse("staff_dashboard") + "#kpi-sales"] == money_format(sales)
    assert cards[installations] == "1"
    # The orders' products have no stock level either: out of stock too.
    assert int(cards[stock]) >= 2
    assert _rows(client, stock) == int(cards[stock])
    assert cards[_url("callback_queue", "due=overdue")] == "2"
    assert _rows(client, orders_today) == 2
    assert _rows(client, orders_month) == month_count
    assert _rows(client, installations) == 1


def test_the_manager_s_home_runs_the_same_queries_whatever_the_data(
    client, manager, organisation, django_assert_max_num_queries
):
    client.force_login(manager)
    network_world(organisation)

    def more_data():
        network_world(OrganisationFactory())
        callcenter_world(organisation)

    queries = _home_queries_stay_the_same(
        client, more_data, django_assert_max_num_queries
    )
    # Session, user, membership, groups; 4 figure queries; the page rights.
    assert queries <= 12


# --- Editor and the rest --------------------------------------------------------


def test_an_editor_sees_pages_in_review_and_pages_not_reviewed(client, editor):
    """Both lists are on the Wagtail admin's home ("Your pages in a workflow",
    "Documentation not reviewed for 12 months"): the cards lead there; the
    searches that found nothing have their own report
    (tests/pages/test_search_misses.py)."""
    appliance = ApplianceFactory()
    tree = site_with_documentation()
    old = [technical_sheet(tree["index"], appliance), manual(tree["index"], appliance)]
    Page.objects.filter(pk__in=[p.pk for p in old]).update(
        last_published_at=timezone.now() - timedelta(days=400)
    )
    in_review = fault_code(tree["codes"], [appliance])
    in_review.save_revision(user=editor)
    Workflow.objects.filter(active=True).first().start(in_review, editor)
    client.force_login(editor)
    body = client.get(reverse("home")).content.decode()
    admin = reverse("wagtailadmin_home")
    assert [(href, figure) for href, figure, _ in CARD.findall(body)] == [
        (admin, "1"),
        (admin, "2"),
        (reverse("pages_search_misses"), "0"),
        (reverse("pages_struggles"), "0"),
    ]
    panels = client.get(admin).content.decode()
    not_reviewed = panels.split('id="not-reviewed-title"')[1].split("</table>")[0]
    assert not_reviewed.count("<tr>") == 1 + 2  # the header and the two pages
    assert escape(in_review.title) in panels


@pytest.mark.parametrize("role", ["buyer", "technician", "agent", "manager"])
def test_an_empty_day_shows_calm_zeros(client, role, request):
    client.force_login(request.getfixturevalue(role))
    body = client.get(reverse("home")).content.decode()
    assert "work-card--empty" in body
    assert "work-card--alert" not in body


def test_a_technician_never_gets_an_orders_or_team_card(client, technician):
    client.force_login(technician)
    hrefs = _cards(client)
    assert not [h for h in hrefs if h.startswith(reverse("orders"))]
    assert not [h for h in hrefs if "/team/" in h or h == reverse("statements")]


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("fr", "1 commande en cours", "2 commandes à recevoir"),
        ("en", "1 open order", "2 orders to receive"),
    ],
)
def test_a_card_reads_as_a_sentence_in_either_language(
    client, buyer, organisation, language, one, two
):
    """The card's text is its link's name: figure and label make one phrase,
    singular or plural as the figure asks."""
    buyer_world(organisation)
    Order.objects.filter(
        organisation=organisation, status=Order.Status.PREPARING
    ).delete()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(buyer)
    body = client.get(reverse("home")).content.decode()
    names = [
        " ".join(f"{figure} {label}".split()) for _, figure, label in CARD.findall(body)
    ]
    assert one in names
    assert two in names
