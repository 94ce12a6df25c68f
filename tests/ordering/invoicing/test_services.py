"""Invoices are issued when goods ship, numbered without gaps, never changed;
credit notes take back what an invoice billed."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone, translation

from accounts.customers.models import AuditEntry
from accounts.network.models import Organisation
from ordering.invoicing import services, tasks
from ordering.invoicing.models import (
    Invoice,
    InvoiceFrozenError,
    InvoiceLine,
    InvoicingSettings,
)
from ordering.invoicing.selectors import balance_owed, invoice_document
from ordering.orders.models import Order
from ordering.shipping import services as shipping_services
from tests.concurrency import ON_POSTGRESQL
from tests.ordering.factories import (
    CarrierFactory,
    OrderFactory,
    ProductFactory,
    ShipmentFactory,
    placed_order,
    stocked,
)
from tests.ordering.invoicing.factories import billing_address, issued_invoice

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


# --- Issued when goods ship -----------------------------------------------------


def test_a_shipment_is_invoiced_in_the_transaction_that_records_it(
    agent, buyer, on_account, cartridge
):
    billing_address(on_account)
    lamp = stocked(
        ProductFactory(
            reference="LMP-UV20", unit_price=Decimal("31.17"), vat_rate=Decimal("5.5")
        )
    )
    order = placed_order(
        buyer, [(cartridge, 3), (lamp, 2)], purchase_order_reference="BC-7781"
    )

    shipment = shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6A1", by=agent
    )

    invoice = Invoice.objects.get()
    assert invoice.number == f"F-{timezone.localdate().year}-000001"
    assert invoice.shipments.get().shipment == shipment
    assert invoice.order_references == order.number
    assert invoice.purchase_order_reference == "BC-7781"
    # Totals per rate and in all equal the order's, to the cent.
    assert (invoice.total_excl_vat, invoice.total_vat, invoice.total_incl_vat) == (
        order.total_excl_vat,
        order.total_vat,
        order.total_incl_vat,
    )
    document = invoice_document(invoice)
    assert {
        (b.rate, b.taxable_amount, b.vat_amount) for b in document.vat_breakdown
    } == {
        (Decimal("20.00"), Decimal("74.70"), Decimal("14.94")),
        (Decimal("5.50"), Decimal("62.34"), Decimal("3.43")),
    }
    assert document.buyer.name == on_account.name
    assert document.buyer.city == "Lyon"
    assert document.delivery.name == order.delivery_name
    assert document.seller.siren == InvoicingSettings.load().siren


def test_a_refused_shipment_issues_no_invoice_and_takes_no_number(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 2)])
    with pytest.raises(shipping_services.ShipmentError):
        shipping_services.shipment_create(
            order=order,
            carrier=CarrierFactory(),
            tracking_number="6A1",
            quantities={order.lines.get().pk: 5},
            by=agent,
        )
    assert not Invoice.objects.exists()

    shipping_services.shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number="6A2", by=agent
    )
    assert Invoice.objects.get().number.endswith("-000001")


def test_two_partial_shipments_make_two_invoices_of_what_each_carried(
    agent, buyer, on_account, cartridge
):
    order = placed_order(buyer, [(cartridge, 5)])
    line = order.lines.get()
    carrier = CarrierFactory()
    shipping_services.shipment_create(
        order=order, carrier=carrier, tracking_number="A", quantities={line.pk: 2},
        by=agent,
    )  # fmt: skip
    shipping_services.shipment_create(
        order=order, carrier=carrier, tracking_number="B", by=agent
    )

    first, second = Invoice.objects.order_by("number")
    assert [first.lines.get().quantity, second.lines.get().quantity] == [2, 3]
    assert first.total_incl_vat + second.total_incl_vat == order.total_incl_vat
    assert second.number.endswith("-000002")


def test_a_card_paid_order_is_invoiced_paid(organisation, cartridge):
    order = OrderFactory(
        organisation=organisation,
        payment_method=Order.PaymentMethod.CARD,
        lines=[(cartridge, 1)],
    )
    invoice = services.invoice_issue_for_shipment(shipment=ShipmentFactory(order=order))
    assert invoice.status == Invoice.Status.PAID
    assert invoice.amount_due == 0


def test_an_end_customers_order_and_a_monthly_reseller_get_no_invoice_per_parcel(
    organisation, cartridge
):
    customer_order = OrderFactory(
        organisation=None, channel=Order.Channel.WEB, lines=[(cartridge, 1)]
    )
    shipment = ShipmentFactory(order=customer_order)
    assert services.invoice_issue_for_shipment(shipment=shipment) is None
    organisation.invoicing_mode = Organisation.InvoicingMode.MONTHLY
    organisation.save()
    order = OrderFactory(organisation=organisation, lines=[(cartridge, 1)])
    shipment = ShipmentFactory(order=order)
    assert services.invoice_issue_for_shipment(shipment=shipment) is None
    assert not Invoice.objects.exists()


def test_due_dates_follow_the_terms():
    due = services.invoice_due_date
    # 30 days end of month: 15 January + 30 days = 14 February, then its end.
    assert due(issued=date(2026, 1, 15), days=30, end_of_month=True) == date(
        2026, 2, 28
    )
    assert due(issued=date(2028, 1, 31), days=30, end_of_month=True) == date(
        2028, 3, 31
    )
    assert due(issued=date(2026, 12, 10), days=45, end_of_month=False) == date(
        2027, 1, 24
    )


def test_the_invoice_falls_due_as_the_organisation_agreed(organisation):
    organisation.payment_term_days = 45
    organisation.payment_term_end_of_month = False
    organisation.save()
    invoice = issued_invoice(organisation, issued=date(2026, 3, 2))
    assert invoice.due_date == date(2026, 4, 16)
    assert invoice.payment_terms == "45 days from the invoice date"
    with translation.override("fr"):
        assert issued_invoice(organisation).payment_terms == (
            "45 jours à compter de la date de facture"
        )


# --- Monthly invoicing ------------------------------------------------------------


def _shipped(organisation, product, when: datetime):
    order = OrderFactory(
        organisation=organisation,
        status=Order.Status.SHIPPED,
        lines=[(product, 1)],
        placed_at=when,
    )
    return ShipmentFactory(order=order, shipped_at=when)


def test_one_invoice_a_month_of_the_months_deliveries(organisation, other_organisation):
    organisation.invoicing_mode = Organisation.InvoicingMode.MONTHLY
    organisation.save()
    product = ProductFactory(unit_price=Decimal("10.00"))
    # Midnight in Paris on 1 March is still February in UTC: it is March's.
    in_february = [
        _shipped(organisation, product, datetime(2026, 2, d, 10, tzinfo=PARIS))
        for d in (3, 17, 28)
    ]
    _shipped(organisation, product, datetime(2026, 3, 1, 0, 30, tzinfo=PARIS))
    _shipped(other_organisation, product, datetime(2026, 2, 5, tzinfo=PARIS))

    (invoice,) = services.invoice_issue_monthly(month=date(2026, 2, 1))

    assert invoice.organisation == organisation
    assert invoice.issue_date == date(2026, 2, 28)
    assert invoice.due_date == date(2026, 3, 31)
    assert {s.shipment for s in invoice.shipments.all()} == set(in_february)
    assert invoice.lines.count() == 3
    assert invoice.total_excl_vat == Decimal("30.00")
    assert len(invoice.order_references.split(", ")) == 3
    # Run again (a second scheduler): nothing is invoiced twice.
    assert services.invoice_issue_monthly(month=date(2026, 2, 1)) == []


def test_goods_are_invoiced_once(organisation):
    invoice = issued_invoice(organisation)
    with pytest.raises(services.InvoicingError, match="already invoiced"):
        services.invoice_issue_for_shipments(
            organisation=organisation,
            shipments=[invoice.shipments.get().shipment],
        )
    assert Invoice.objects.count() == 1


# --- Numbers ------------------------------------------------------------------------


def test_numbers_run_per_year_and_per_kind(organisation, manager):
    first = issued_invoice(organisation, issued=date(2026, 12, 31))
    second = issued_invoice(organisation, issued=date(2026, 12, 31))
    new_year = issued_invoice(organisation, issued=date(2027, 1, 1))
    credit = services.credit_note_issue(
        invoice=first, quantities=None, reason=Invoice.Reason.RETURN, by=manager
    )
    assert [first.number, second.number, new_year.number] == [
        "F-2026-000001",
        "F-2026-000002",
        "F-2027-000001",
    ]
    assert credit.number == f"AV-{timezone.localdate().year}-000001"


def test_a_number_given_back_by_a_rollback_is_used_next(organisation):
    with pytest.raises(RuntimeError), transaction.atomic():
        issued_invoice(organisation, issued=date(2026, 5, 1))
        raise RuntimeError("the shipment failed after the invoice")
    assert not Invoice.objects.exists()
    assert issued_invoice(organisation, issued=date(2026, 5, 2)).number == (
        "F-2026-000001"
    )


# --- Never changed -----------------------------------------------------------------


def test_an_issued_invoice_never_changes(organisation):
    invoice = issued_invoice(organisation)
    invoice.total_incl_vat = Decimal("1.00")
    with pytest.raises(InvoiceFrozenError):
        invoice.save()
    with pytest.raises(InvoiceFrozenError):
        Invoice.objects.filter(pk=invoice.pk).update(total_incl_vat=Decimal("1.00"))
    with pytest.raises(InvoiceFrozenError):
        invoice.delete()
    with pytest.raises(InvoiceFrozenError):
        Invoice.objects.all().delete()
    line = invoice.lines.get()
    line.quantity = 99
    with pytest.raises(InvoiceFrozenError):
        line.save()
    invoice.refresh_from_db()
    assert invoice.total_incl_vat == Decimal("29.88")


def test_the_database_refuses_a_change_made_behind_the_models_back(organisation):
    invoice = issued_invoice(organisation)
    refused = pytest.raises((IntegrityError, DatabaseError))
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE invoicing_invoice SET total_incl_vat = 1 WHERE id = %s",
            [invoice.pk],
        )
    refused = pytest.raises((IntegrityError, DatabaseError))
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE invoicing_invoiceline SET quantity = 9 WHERE invoice_id = %s",
            [invoice.pk],
        )
    # What may move still moves: the money received.
    Invoice.objects.filter(pk=invoice.pk).update(amount_paid=Decimal("10.00"))
    invoice.refresh_from_db()
    assert (invoice.total_incl_vat, invoice.amount_paid) == (
        Decimal("29.88"),
        Decimal("10.00"),
    )


@ON_POSTGRESQL
def test_postgresql_refuses_to_delete_an_issued_document_by_hand(organisation):
    """SQLite's test runner empties tables with DELETE, so only PostgreSQL
    carries the trigger that keeps issued documents."""
    invoice = issued_invoice(organisation)
    for statement in (
        "DELETE FROM invoicing_invoiceline WHERE invoice_id = %s",
        "DELETE FROM invoicing_invoice WHERE id = %s",
    ):
        refused = pytest.raises((IntegrityError, DatabaseError), match="never changes")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [invoice.pk])
    assert Invoice.objects.filter(pk=invoice.pk, lines__isnull=False).exists()


def test_the_invoice_keeps_the_parties_of_its_day(organisation):
    billing_address(organisation)
    invoice = issued_invoice(organisation)
    organisation.name = "Aqua Services Rhône"
    organisation.save()
    settings = InvoicingSettings.load()
    settings.share_capital = "2 000 000 €"
    settings.save()
    document = invoice_document(Invoice.objects.get(pk=invoice.pk))
    assert document.buyer.name == "Aqua Services Lyon"
    assert document.seller.share_capital == "1 000 000 €"


# --- Credit notes -----------------------------------------------------------------


def test_a_partial_credit_note_by_line_and_quantity(organisation, manager):
    cartridge = ProductFactory(reference="FLT-1", unit_price=Decimal("24.90"))
    lamp = ProductFactory(reference="LMP-1", unit_price=Decimal("40.00"))
    invoice = issued_invoice(organisation, [(cartridge, 4), (lamp, 1)])
    cartridge_line = invoice.lines.get(product_reference="FLT-1")

    credit = services.credit_note_issue(
        invoice=invoice,
        quantities={cartridge_line.pk: 1},
        reason=Invoice.Reason.RETURN,
        details="Carton abîmé",
        by=manager,
    )

    assert credit.is_credit_note
    assert credit.credited_invoice == invoice
    assert credit.lines.get().quantity == 1
    assert credit.total_incl_vat == Decimal("29.88")
    invoice.refresh_from_db()
    assert invoice.amount_credited == Decimal("29.88")
    assert invoice.amount_due == invoice.total_incl_vat - Decimal("29.88")
    assert balance_owed(organisation) == invoice.amount_due
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREDIT_NOTE_ISSUED)
    assert entry.actor == manager
    assert invoice.number in entry.subject and "Carton abîmé" in entry.reason
    document = invoice_document(credit)
    assert document.preceding_invoice_number == invoice.number
    assert document.reason == "Goods returned: Carton abîmé"

    # What is left to credit: 3 cartridges and the lamp, never more.
    with pytest.raises(services.InvoicingError, match="Only 3 of FLT-1"):
        services.credit_note_issue(
            invoice=invoice,
            quantities={cartridge_line.pk: 4},
            reason=Invoice.Reason.RETURN,
            by=manager,
        )
    rest = services.credit_note_issue(
        invoice=invoice,
        quantities=None,
        reason=Invoice.Reason.CANCELLATION,
        by=manager,
    )
    assert sorted(rest.lines.values_list("quantity", flat=True)) == [1, 3]
    invoice.refresh_from_db()
    assert invoice.amount_due == 0
    assert invoice.status == Invoice.Status.PAID
    with pytest.raises(services.InvoicingError):
        services.credit_note_issue(
            invoice=invoice, quantities=None, reason="return", by=manager
        )
    assert Invoice.objects.credit_notes().count() == 2


@pytest.mark.parametrize(
    ("quantities", "reason", "details", "message"),
    [
        (None, "whim", "", "Choose why"),
        (None, "gesture", " ", "Say what the commercial gesture is for"),
        ({0: 1}, "return", "", "not on this invoice"),
        ({"line": -1}, "return", "", "Only 1 of"),
    ],
)
def test_a_wrong_credit_note_is_refused_and_changes_nothing(
    organisation, manager, quantities, reason, details, message
):
    invoice = issued_invoice(organisation)
    if quantities and "line" in quantities:
        quantities = {invoice.lines.get().pk: -1}
    with pytest.raises(services.InvoicingError, match=message):
        services.credit_note_issue(
            invoice=invoice,
            quantities=quantities,
            reason=reason,
            details=details,
            by=manager,
        )
    assert Invoice.objects.count() == 1
    invoice.refresh_from_db()
    assert invoice.amount_credited == 0
    assert not InvoiceLine.objects.filter(credited_line__isnull=False).exists()


def test_statuses_due_overdue_paid(organisation):
    today = timezone.localdate()
    due = issued_invoice(organisation)
    overdue = issued_invoice(organisation, issued=today - timedelta(days=90))
    paid = issued_invoice(organisation, issued=today - timedelta(days=90))
    services.invoice_mark_paid_by_card(invoice=paid)
    assert [i.status for i in (due, overdue, paid)] == ["due", "overdue", "paid"]
    for status, expected in [("due", due), ("overdue", overdue), ("paid", paid)]:
        assert list(Invoice.objects.with_status(status)) == [expected]
    assert overdue.days_overdue() == (today - overdue.due_date).days


def test_the_monthly_job_invoices_last_month_once(organisation):
    organisation.invoicing_mode = Organisation.InvoicingMode.MONTHLY
    organisation.save()
    product = ProductFactory(unit_price=Decimal("10.00"))
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    when = datetime.combine(last_month, datetime.min.time(), tzinfo=PARIS).replace(
        hour=12
    )
    _shipped(organisation, product, when)

    assert tasks.monthly_invoices_issue.enqueue().return_value == 1
    assert tasks.monthly_invoices_issue.enqueue().return_value == 0
    assert Invoice.objects.get().issue_date == last_month
