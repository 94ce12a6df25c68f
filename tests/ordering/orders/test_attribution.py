"""Which reseller a web or call-center sale is credited to, the monthly
statement of credited sales, and moving a credit."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.customers.models import AuditEntry
from accounts.network.models import Organisation, TerritoryPrefix, User
from ordering.orders import services
from ordering.orders.models import Order
from ordering.orders.selectors import credited_sales_statement
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    OrganisationFactory,
)
from tests.ordering.factories import CompatibilityFactory, OrderFactory, stocked

Rule = Order.CreditRule


def territory(organisation, *prefixes):
    for prefix in prefixes:
        TerritoryPrefix.objects.create(
            organisation=organisation, postcode_prefix=prefix
        )


@pytest.fixture
def lyon(organisation):
    territory(organisation, "69")
    return organisation


@pytest.fixture
def villeurbanne(db):
    organisation = OrganisationFactory(name="Eau Pure Villeurbanne")
    territory(organisation, "691")
    return organisation


# --- The rule -------------------------------------------------------------------------


def test_the_installer_is_credited_for_an_order_about_its_installation(
    lyon, other_organisation
):
    installation = InstallationFactory(organisation=other_organisation)
    credit = services.credit_for(
        customer=installation.customer,
        postcode="69003",
        installation=installation,
    )
    assert (credit.organisation, credit.rule) == (other_organisation, Rule.INSTALLER)


def test_a_customer_with_installations_credits_their_latest_installer(
    lyon, other_organisation
):
    first = InstallationFactory(organisation=lyon, installed_on=date(2025, 3, 1))
    InstallationFactory(
        organisation=other_organisation,
        customer=first.customer,
        installed_on=date(2026, 5, 1),
    )
    credit = services.credit_for(customer=first.customer, postcode="69003")
    assert credit.organisation == other_organisation


def test_a_customer_who_moved_keeps_their_installer(lyon, other_organisation):
    installation = InstallationFactory(organisation=lyon)
    customer = installation.customer
    territory(other_organisation, "35")
    customer.postcode, customer.city = "35000", "Rennes"  # moved to Brittany
    customer.save()
    credit = services.credit_for(customer=customer, postcode=customer.postcode)
    assert (credit.organisation, credit.rule) == (lyon, Rule.INSTALLER)


def test_without_installer_the_territory_of_the_delivery_postcode(lyon):
    customer = CustomerFactory(postcode="69003")
    credit = services.credit_for(customer=customer, postcode="69003")
    assert (credit.organisation, credit.rule) == (lyon, Rule.TERRITORY)
    assert credit.commission_rate == lyon.commission_rate


def test_overlapping_territories_the_longest_prefix_wins(lyon, villeurbanne):
    assert services.credit_for(customer=None, postcode="69100").organisation == (
        villeurbanne
    )
    assert services.credit_for(customer=None, postcode="69003").organisation == lyon


def test_an_equal_prefix_goes_to_the_reseller_that_joined_first(lyon):
    newer = OrganisationFactory(name="Nouveau Lyonnais")
    territory(newer, "69")
    assert newer.pk > lyon.pk
    for _n in range(3):  # the same answer every time
        assert services.credit_for(customer=None, postcode="69007").organisation == (
            lyon
        )


def test_suspended_resellers_are_skipped(lyon, other_organisation):
    installation = InstallationFactory(organisation=other_organisation)
    other_organisation.status = Organisation.Status.SUSPENDED
    other_organisation.save()
    credit = services.credit_for(customer=installation.customer, postcode="69003")
    assert (credit.organisation, credit.rule) == (lyon, Rule.TERRITORY)


def test_nobody_outside_every_territory(lyon):
    credit = services.credit_for(customer=CustomerFactory(), postcode="13001")
    assert credit.organisation is None and credit.rule == ""


# --- Orders placed --------------------------------------------------------------------


def call_center_order(agent, customer, *, key="k1", installation=None, quantity=1):
    product = stocked()
    return services.call_center_order_place(
        customer=customer,
        by=agent,
        items=[(product, quantity)],
        payment_method=Order.PaymentMethod.BANK_TRANSFER,
        submission_key=key,
        installation=installation,
    )


def test_a_call_center_order_records_channel_credit_and_rate(agent, lyon):
    lyon.commission_rate = Decimal("6.50")
    lyon.save()
    customer = CustomerFactory(postcode="69002")
    order = call_center_order(agent, customer)
    assert order.channel == Order.Channel.CALL_CENTER
    assert order.customer == customer and order.placed_by == agent
    assert (order.credited_organisation, order.credit_rule) == (lyon, Rule.TERRITORY)
    assert order.commission_rate == Decimal("6.50")


def test_the_same_call_center_form_twice_places_one_order(agent, lyon):
    customer = CustomerFactory()
    first = call_center_order(agent, customer, key="same")
    again = call_center_order(agent, customer, key="same")
    assert first.pk == again.pk
    assert Order.objects.count() == 1


def test_only_the_call_center_orders_for_customers(owner, lyon):
    with pytest.raises(services.NotAllowedError):
        call_center_order(owner, CustomerFactory())
    assert not Order.objects.exists()


def test_a_web_reorder_is_credited_to_the_installer(lyon, other_organisation):
    installation = InstallationFactory(organisation=other_organisation)
    customer = installation.customer
    customer.user = User.objects.create_user(email=customer.email)
    customer.save()
    part = stocked()
    CompatibilityFactory(appliance=installation.appliance, part=part)
    order = services.customer_order_place(
        customer=customer,
        by=customer.user,
        installation=installation,
        items=[(part, 1)],
        payment_method=Order.PaymentMethod.BANK_TRANSFER,
        submission_key="web-1",
    )
    assert order.channel == Order.Channel.WEB
    assert (order.credited_organisation, order.credit_rule) == (
        other_organisation,
        Rule.INSTALLER,
    )


def test_the_call_center_order_page_places_the_order(client, agent, lyon):
    customer = CustomerFactory(postcode="69002")
    product = stocked()
    client.force_login(agent)
    url = reverse("staff_customer_order", args=[customer.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            f"quantity_{product.pk}": 2,
            "payment_method": "transfer",
            "submission_key": "0123456789abcdef0123456789abcdef",
            "action": "place",
        },
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.lines.get().quantity == 2
    assert order.credited_organisation == lyon


# --- Statements -----------------------------------------------------------------------


def credited(organisation, *, amount, rate, placed_at, channel="web", **extra):
    """A sale of ``amount`` (no VAT, to keep the sums plain) credited to the
    organisation at ``rate`` %."""
    return OrderFactory(
        organisation=None,
        channel=channel,
        credited_organisation=organisation,
        credit_rule=Rule.TERRITORY,
        commission_rate=Decimal(rate),
        payment_method="transfer",
        total_excl_vat=Decimal(amount),
        total_vat=Decimal("0"),
        placed_at=placed_at,
        **extra,
    )


def november(day):
    return timezone.make_aware(datetime(2026, 11, day, 10, 0))


def test_the_monthly_statement_lists_each_credited_sale_with_its_commission(
    lyon, other_organisation
):
    credited(lyon, amount="100.00", rate="5.00", placed_at=november(3))
    credited(lyon, amount="33.33", rate="6.50", placed_at=november(20))  # 2.166…
    credited(
        lyon, amount="80.00", rate="5.00", placed_at=november(21), status="cancelled"
    )
    credited(lyon, amount="50.00", rate="5.00", placed_at=november(1) - timedelta(1))
    credited(other_organisation, amount="999.00", rate="5.00", placed_at=november(5))
    statement = credited_sales_statement(organisation=lyon, month=date(2026, 11, 1))
    assert [line.commission for line in statement.lines] == [
        Decimal("5.00"),
        Decimal("2.17"),
    ]
    assert statement.total_excl_vat == Decimal("133.33")
    assert statement.total_commission == Decimal("7.17")


def test_the_statement_page_and_csv(client, owner, organisation, other_organisation):
    credited(organisation, amount="100.00", rate="5.00", placed_at=november(3))
    credited(other_organisation, amount="999.00", rate="5.00", placed_at=november(4))
    client.force_login(owner)
    page = client.get(reverse("statements") + "?month=2026-11").content.decode()
    assert "5,00" in page and "999" not in page
    csv = client.get(reverse("statement_csv") + "?month=2026-11")
    assert "commissions-aqua-lyon-2026-11.csv" in csv["Content-Disposition"]
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 3  # header, one sale, total
    assert rows[1].endswith(";100,00;5,00;5,00;EUR")


def test_technicians_and_customers_have_no_statement(client, technician):
    client.force_login(technician)
    assert client.get(reverse("statements")).status_code == 404


# --- Reassigning a credit -------------------------------------------------------------


def test_a_manager_moves_a_credit_with_a_reason_and_an_audit_entry(
    manager, lyon, other_organisation
):
    other_organisation.commission_rate = Decimal("8.00")
    other_organisation.save()
    order = credited(lyon, amount="100.00", rate="5.00", placed_at=november(3))
    with pytest.raises(services.OrderingError):
        services.order_credit_reassign(
            order=order, organisation=other_organisation, by=manager, reason=" "
        )
    services.order_credit_reassign(
        order=order,
        organisation=other_organisation,
        by=manager,
        reason="Client suivi par Rennes depuis son déménagement",
    )
    order.refresh_from_db()
    assert order.credited_organisation == other_organisation
    assert (order.credit_rule, order.commission_rate) == (
        Rule.REASSIGNED,
        Decimal("8.00"),
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREDIT_REASSIGNED)
    assert entry.order == order and entry.actor == manager
    assert "déménagement" in entry.reason


def test_agents_without_the_right_cannot_move_a_credit(client, agent, lyon):
    order = credited(lyon, amount="100.00", rate="5.00", placed_at=november(3))
    with pytest.raises(services.NotAllowedError):
        services.order_credit_reassign(
            order=order, organisation=None, by=agent, reason="Test"
        )
    client.force_login(agent)
    assert client.get(reverse("order_credit", args=[order.number])).status_code == 404


def test_the_credit_page_asks_for_confirmation(
    client, manager, lyon, other_organisation
):
    order = credited(lyon, amount="100.00", rate="5.00", placed_at=november(3))
    client.force_login(manager)
    url = reverse("order_credit", args=[order.number])
    response = client.post(
        url, {"organisation": other_organisation.pk, "reason": "Erreur de secteur"}
    )
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.credited_organisation == lyon
    response = client.post(
        url,
        {
            "organisation": other_organisation.pk,
            "reason": "Erreur de secteur",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.credited_organisation == other_organisation
