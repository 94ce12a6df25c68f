"""The staff screens of invoicing in the Wagtail admin: every one asks the
rights table; credit notes and payments go through their services."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.customers.models import AuditEntry
from ordering.invoicing.models import Invoice, InvoicingSettings, Payment
from tests.ordering.factories import ProductFactory
from tests.ordering.invoicing.factories import issued_invoice
from tests.wagtail_admin import assert_turned_away

D = Decimal


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def two_lines(organisation):
    return issued_invoice(
        organisation,
        [
            (ProductFactory(reference="CAR-1", unit_price=D("10.00")), 3),
            (ProductFactory(reference="LMP-2", unit_price=D("20.00")), 1),
        ],
        purchase_order_reference="BC-4471",
    )


def _body(response) -> str:
    return unescape(response.content.decode())


def test_the_list_filters_and_searches(
    client, agent, organisation, other_organisation, two_lines
):
    theirs = issued_invoice(other_organisation)
    client.force_login(agent)
    index = reverse("invoice:index")

    everything = _body(client.get(index))
    assert two_lines.number in everything and theirs.number in everything

    by_po = _body(client.get(index, {"q": "BC-4471"}))
    assert two_lines.number in by_po and theirs.number not in by_po

    ours = _body(client.get(index, {"organisation": organisation.pk}))
    assert two_lines.number in ours and theirs.number not in ours

    assert two_lines.number in _body(client.get(index, {"status": "due"}))
    assert two_lines.number not in _body(client.get(index, {"status": "paid"}))
    assert two_lines.number not in _body(client.get(index, {"kind": "credit_note"}))


def test_the_detail_shows_the_lines_read_only(client, agent, two_lines):
    client.force_login(agent)
    response = client.get(reverse("invoice:inspect", args=[two_lines.pk]))
    body = _body(response)
    assert response.status_code == 200
    assert "CAR-1" in body and "LMP-2" in body and "BC-4471" in body
    # The agent reads; only managers credit.
    assert reverse("invoice:credit", args=[two_lines.pk]) not in body
    assert_turned_away(client, reverse("invoice:edit", args=[two_lines.pk]))


def test_a_manager_credits_one_line_in_part(client, manager, two_lines):
    client.force_login(manager)
    url = reverse("invoice:credit", args=[two_lines.pk])
    detail = _body(client.get(reverse("invoice:inspect", args=[two_lines.pk])))
    assert url in detail
    line = two_lines.lines.get(product_reference="CAR-1")

    unconfirmed = client.post(url, {f"quantity_{line.pk}": 2, "reason": "return"})
    assert unconfirmed.status_code == 400
    too_many = client.post(
        url, {f"quantity_{line.pk}": 4, "reason": "return", "confirm": "on"}
    )
    assert too_many.status_code == 400
    gesture = client.post(
        url, {f"quantity_{line.pk}": 1, "reason": "gesture", "confirm": "on"}
    )
    assert gesture.status_code == 400
    assert not Invoice.objects.credit_notes().exists()

    done = client.post(
        url,
        {
            f"quantity_{line.pk}": 2,
            "reason": "return",
            "details": "Deux cartouches abîmées",
            "confirm": "on",
        },
    )

    credit_note = Invoice.objects.credit_notes().get()
    assert done.status_code == 302
    assert done["Location"] == reverse("invoice:inspect", args=[credit_note.pk])
    assert credit_note.total_excl_vat == D("20.00")
    assert credit_note.credited_invoice == two_lines
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREDIT_NOTE_ISSUED, actor=manager
    ).exists()


def test_an_agent_can_neither_credit_nor_record_a_payment(client, agent, two_lines):
    client.force_login(agent)
    for url in (
        reverse("invoice:credit", args=[two_lines.pk]),
        reverse("payment:add"),
    ):
        assert_turned_away(client, url)
        assert_turned_away(client, url, method="post")
    assert not Invoice.objects.credit_notes().exists()
    assert not Payment.objects.exists()


def test_a_manager_records_a_payment_across_two_invoices(
    client, manager, organisation, two_lines
):
    second = issued_invoice(organisation)
    client.force_login(manager)
    url = reverse("payment:add")

    chooser = client.get(url)
    assert chooser.status_code == 200
    listed = _body(client.get(url, {"organisation": organisation.pk}))
    assert two_lines.number in listed and second.number in listed

    form = {
        "organisation": organisation.pk,
        "amount": "50.00",
        "received_on": timezone.localdate().isoformat(),
        "reference": "VIR-2026-0042",
        f"allocate_{two_lines.pk}": "40.00",
        f"allocate_{second.pk}": "10.00",
    }
    done = client.post(url, form)
    assert done.status_code == 302
    two_lines.refresh_from_db()
    second.refresh_from_db()
    assert (two_lines.amount_paid, second.amount_paid) == (D("40.00"), D("10.00"))

    again = client.post(url, form)
    assert again.status_code == 400
    assert "VIR-2026-0042 est déjà enregistré" in _body(again)
    assert Payment.objects.count() == 1
    assert "VIR-2026-0042" in _body(client.get(reverse("payment:index")))


def test_a_payment_above_an_invoice_is_refused_on_the_form(
    client, manager, organisation, two_lines
):
    client.force_login(manager)
    response = client.post(
        reverse("payment:add"),
        {
            "organisation": organisation.pk,
            "amount": "100.00",
            "received_on": timezone.localdate().isoformat(),
            "reference": "VIR-9",
            f"allocate_{two_lines.pk}": "99.00",
        },
    )
    assert response.status_code == 400
    # The admin speaks French: the service's refusal, on the form.
    assert f"dus sur {two_lines.number}" in _body(response)
    assert not Payment.objects.exists()


def test_the_invoicing_settings_are_the_managers(client, manager, agent):
    settings_url = reverse(
        "wagtailsettings:edit",
        args=["invoicing", "invoicingsettings", InvoicingSettings.load().pk],
    )
    client.force_login(agent)
    assert_turned_away(client, settings_url)

    client.force_login(manager)
    page = client.get(settings_url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        name: value if value is not None else ""
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["phone"] = "04 72 99 99 99"
    saved = client.post(settings_url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert InvoicingSettings.load().phone == "04 72 99 99 99"


def test_the_menu_lists_invoices_and_payments(client, manager):
    client.force_login(manager)
    home = _body(client.get(reverse("wagtailadmin_home")))
    assert reverse("invoice:index") in home
    assert reverse("payment:index") in home
