"""The invoices tab: owners and buyers find their invoices, open one with
every figure and download it; the statement of account says what they owe,
on the page, printed and as CSV; staff see every reseller's (issue 17, item 5)."""

import csv
import html
import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.network.models import Role
from ordering.invoicing.models import Invoice
from ordering.invoicing.services import credit_note_issue
from portal.money import money_format
from tests.accounts.factories import CustomerFactory, MembershipFactory, UserFactory
from tests.isolation import assert_isolated
from tests.ordering.factories import ProductFactory
from tests.ordering.invoicing.account_data import account, payment_received
from tests.ordering.invoicing.factories import billing_address, issued_invoice

pytestmark = pytest.mark.django_db

CSS = Path(__file__).parents[3] / "portal/static/portal/portal.css"


@pytest.fixture
def books(organisation, manager):
    billing_address(organisation)
    return account(organisation, by=manager)


@pytest.fixture
def other_books(other_organisation, manager):
    billing_address(other_organisation)
    return account(other_organisation, by=manager, prefix="B")


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


def _text(response) -> str:
    """The page's main content as a person reads it."""
    body = response.content.decode()
    main = body[body.find("<main") :]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def _numbers(response) -> list[str]:
    """The document numbers listed, in order."""
    body = response.content.decode()
    rows = body.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in body else ""
    return re.findall(r'<th scope="row"><a href="[^"]+">([A-Z]+-\d{4}-\d{6})</a>', rows)


def _money(amount) -> str:
    """As ``_text`` reads it: no-break spaces are spaces."""
    return re.sub(r"\s", " ", money_format(Decimal(amount)))


# --- The list ----------------------------------------------------------------------


def test_a_buyer_lists_their_organisation_s_invoices_and_credit_notes_only(
    buyer_client, books, other_books
):
    response = buyer_client.get(reverse("invoice_list"))

    assert response.status_code == 200
    listed = _numbers(response)
    assert set(listed) == {
        books.due.number,
        books.overdue.number,
        books.paid.number,
        books.partly.number,
        books.credit_note.number,
    }
    body = response.content.decode()
    assert "BC-B-LATE" not in body and other_books.overdue.number not in listed
    # No reseller column for a reseller's own people.
    assert "Revendeur" not in body and "Reseller" not in _text(response)


def test_what_is_owed_and_overdue_is_on_top(buyer_client, books, other_books):
    text = _text(buyer_client.get(reverse("invoice_list")))
    owed = books.due.amount_due + books.overdue.amount_due + books.partly.amount_due
    assert f"Solde dû {_money(owed)}" in text
    assert f"En retard {_money(books.overdue.amount_due)}" in text
    assert f"Pas encore échu {_money(owed - books.overdue.amount_due)}" in text


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("due", ["due", "partly"]),
        ("overdue", ["overdue"]),
        ("paid", ["paid"]),
        ("credit_note", ["credit_note"]),
    ],
)
def test_the_status_filter_lists_exactly_those(buyer_client, books, status, expected):
    response = buyer_client.get(reverse("invoice_list"), {"status": status})
    assert set(_numbers(response)) == {getattr(books, e).number for e in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("BC-A-LATE", "overdue"),  # the purchase-order reference
        ("bc-a-late", "overdue"),
        ("AV-20", "credit_note"),  # part of a number
        ("F-20", None),  # every invoice, and the credit note through its invoice
    ],
)
def test_search_by_purchase_order_reference_and_number(
    buyer_client, books, query, expected
):
    found = _numbers(buyer_client.get(reverse("invoice_list"), {"q": query}))
    if expected:
        assert found == [getattr(books, expected).number]
    else:
        assert len(found) == 5


def test_search_by_order_number_finds_the_invoice_and_its_credit_note(
    buyer_client, books
):
    order_number = books.partly.order_references
    found = _numbers(buyer_client.get(reverse("invoice_list"), {"q": order_number}))
    assert set(found) == {books.partly.number, books.credit_note.number}
    exact = _numbers(buyer_client.get(reverse("invoice_list"), {"q": books.due.number}))
    assert exact == [books.due.number]


def test_dates_filter_on_the_issue_date(buyer_client, books):
    today = timezone.localdate()
    response = buyer_client.get(
        reverse("invoice_list"),
        {
            "issued_from": (today - timedelta(days=70)).isoformat(),
            "issued_to": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert set(_numbers(response)) == {books.paid.number, books.partly.number}


def test_nothing_found_says_what_to_try(buyer_client, books):
    response = buyer_client.get(reverse("invoice_list"), {"q": "ZZZ-NOTHING"})
    text = _text(response)
    assert "Aucune facture ne correspond" in text
    assert 'href="/reseller/invoices/"' in response.content.decode()


def test_pages_keep_the_filters(buyer_client, organisation):
    for _ in range(27):
        issued_invoice(organisation, purchase_order_reference="BC-PAGE")
    first = buyer_client.get(reverse("invoice_list"), {"q": "BC-PAGE"})
    assert len(_numbers(first)) == 25
    body = first.content.decode()
    assert 'href="?q=BC-PAGE&amp;page=2"' in body
    second = buyer_client.get(reverse("invoice_list"), {"q": "BC-PAGE", "page": 2})
    assert len(_numbers(second)) == 2
    assert not set(_numbers(first)) & set(_numbers(second))


@pytest.mark.parametrize(
    "params",
    [
        {"q": "BC\x00"},
        {"q": "x" * 300},
        {"issued_from": "2026-13-45"},
        {"issued_from": "not a date", "issued_to": "\x00"},
        {"issued_from": "2026-06-01", "issued_to": "2026-01-01"},
        {"status": "everything"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"organisation": "revendeur-b"},
    ],
)
def test_odd_input_is_refused_with_a_message_or_ignored(buyer_client, books, params):
    response = buyer_client.get(reverse("invoice_list"), params)
    assert response.status_code == 200
    # Invalid fields are dropped: the list still shows the organisation's own.
    assert _numbers(response)


def test_a_bad_date_says_so_and_the_other_filters_still_apply(buyer_client, books):
    response = buyer_client.get(
        reverse("invoice_list"), {"issued_from": "2026-13-45", "status": "overdue"}
    )
    assert "Saisissez une date valide" in _text(response)
    assert _numbers(response) == [books.overdue.number]
    reversed_dates = buyer_client.get(
        reverse("invoice_list"),
        {"issued_from": "2026-06-01", "issued_to": "2026-01-01"},
    )
    assert "La date de fin est avant la date de début" in _text(reversed_dates)


# --- One invoice ------------------------------------------------------------------


def test_the_invoice_shows_every_figure(buyer_client, books):
    invoice = books.partly
    response = buyer_client.get(reverse("invoice_detail", args=[invoice.number]))

    assert response.status_code == 200
    text = _text(response)
    assert f"Facture {invoice.number}" in text
    assert "LMP-A" in text and invoice.order_references in text
    assert _money("100.00") in text  # excl. VAT
    assert f"TVA 20 % sur {_money('100.00')} {_money('20.00')}" in text
    assert _money("120.00") in text  # incl. VAT
    assert f"Payé {_money('20.00')}" in text
    assert f"Crédité {_money('60.00')}" in text
    assert f"Reste à payer {_money('40.00')}" in text
    assert invoice.due_date.strftime("%Y") in text and "30 jours fin de mois" in text
    # The transfer set against it, and the credit note with its link.
    assert "VIR-A-0042" in text
    body = response.content.decode()
    credit_url = reverse("invoice_detail", args=[books.credit_note.number])
    assert f'href="{credit_url}"' in body
    assert f'href="{reverse("invoice_pdf", args=[invoice.number])}"' in body
    assert f'href="{reverse("invoice_xml", args=[invoice.number])}"' in body


def test_a_credit_note_links_to_the_invoice_it_credits(buyer_client, books):
    response = buyer_client.get(
        reverse("invoice_detail", args=[books.credit_note.number])
    )
    text = _text(response)
    assert f"Avoir {books.credit_note.number}" in text
    assert "Marchandise retournée" in text
    invoice_url = reverse("invoice_detail", args=[books.partly.number])
    assert f'href="{invoice_url}"' in response.content.decode()


def test_an_overdue_invoice_says_how_late_it_is(buyer_client, books):
    days = books.overdue.days_overdue()
    url = reverse("invoice_detail", args=[books.overdue.number])
    text = _text(buyer_client.get(url))
    assert f"{days} jours de retard" in text
    assert "En retard" in text


@pytest.mark.parametrize(
    ("name", "content_type", "extension"),
    [
        ("invoice_pdf", "application/pdf", "pdf"),
        ("invoice_xml", "application/xml", "xml"),
    ],
)
def test_the_files_download_named_after_the_number(
    buyer_client, books, name, content_type, extension
):
    number = books.partly.number
    response = buyer_client.get(reverse(name, args=[number]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{number}.{extension}"'
    )
    assert response.content


def test_another_organisation_s_invoice_and_files_answer_404(organisation, other_books):
    for invoice in (other_books.overdue, other_books.credit_note):
        for name in ("invoice_detail", "invoice_pdf", "invoice_xml"):
            assert_isolated(
                reverse(name, args=[invoice.number]),
                viewer_organisation=organisation,
                hidden_texts=["BC-B-LATE", "LMP-B", "VIR-B-0042"],
            )


@pytest.mark.parametrize(
    "number", ["F-2026-999999", "a\x00b", "x" * 500, "..", "F 2026"]
)
def test_a_missing_or_odd_number_answers_404(buyer_client, books, number):
    for name in ("invoice_detail", "invoice_pdf"):
        assert buyer_client.get(reverse(name, args=[number])).status_code == 404


# --- Who sees what -------------------------------------------------------------


def test_technicians_and_customers_are_refused_and_have_no_tab(
    client, technician, organisation, books
):
    client.force_login(technician)
    for name in ("invoice_list", "statement_of_account", "statement_of_account_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "responsables et acheteurs" in response.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert reverse("invoice_list") not in home
    assert (
        client.get(reverse("invoice_detail", args=[books.due.number])).status_code
        == 404
    )

    customer = CustomerFactory(user=UserFactory()).user
    client.force_login(customer)
    assert client.get(reverse("invoice_list")).status_code == 403


def test_owners_and_buyers_have_the_tab(client, owner, buyer_client):
    tab = f'href="{reverse("invoice_list")}"'
    assert tab in buyer_client.get(reverse("home")).content.decode()
    client.force_login(owner)
    page = client.get(reverse("invoice_list")).content.decode()
    assert tab in page and 'aria-current="page">Factures<' in page


def test_the_home_shows_what_is_overdue_and_opens_those_invoices(
    buyer_client, books, other_books
):
    home = buyer_client.get(reverse("home")).content.decode()
    url = reverse("invoice_list") + "?status=overdue"
    card = re.search(
        rf'<a class="work-card__link" href="{re.escape(url)}">\s*'
        r'<span class="work-card__figure">([^<]*)</span>\s*'
        r'<span class="work-card__label">([^<]*)</span>',
        home,
    )
    assert card is not None
    assert re.sub(r"\s", " ", card[1]) == _money(books.overdue.amount_due)
    assert card[2] == "en retard (1 facture)"
    assert _numbers(buyer_client.get(url)) == [books.overdue.number]


def test_nothing_overdue_no_card(buyer_client, organisation):
    issued_invoice(organisation)
    assert "?status=overdue" not in buyer_client.get(reverse("home")).content.decode()


def test_staff_reach_the_invoices_from_the_orders_tab(client, agent, books):
    client.force_login(agent)
    orders = client.get(reverse("orders")).content.decode()
    assert f'href="{reverse("invoice_list")}"' in orders
    page = client.get(reverse("invoice_list")).content.decode()
    # Their row of tabs is full: the orders tab stays lit.
    assert 'aria-current="page">Commandes et suivi<' in page
    assert ">Factures</a></li>" not in page


def test_staff_see_every_reseller_s_with_a_filter_and_a_column(
    client, agent, books, other_books, other_organisation
):
    client.force_login(agent)
    everything = client.get(reverse("invoice_list"))
    assert len(_numbers(everything)) == 10
    text = _text(everything)
    assert "Confort Eau Bretagne" in text and "Aqua Services Lyon" in text

    one = client.get(reverse("invoice_list"), {"organisation": other_organisation.slug})
    assert set(_numbers(one)) == {
        getattr(other_books, name).number
        for name in ("due", "overdue", "paid", "partly", "credit_note")
    }
    # The figures on top are that reseller's, and their links keep it.
    assert f"?status=overdue&amp;organisation={other_organisation.slug}" in (
        one.content.decode()
    )
    detail = client.get(reverse("invoice_detail", args=[other_books.overdue.number]))
    assert detail.status_code == 200 and "Confort Eau Bretagne" in _text(detail)


# --- Statement of account -------------------------------------------------------


def test_the_balance_is_invoices_less_payments_less_credit_notes_to_the_cent(
    buyer_client, books, other_books, organisation
):
    # A transfer bigger than what it pays: the rest waits to be allocated.
    payment_received(
        organisation,
        [(books.due, Decimal("9.88"))],
        unallocated=Decimal("5.00"),
        reference="VIR-EXTRA",
    )
    books.due.refresh_from_db()
    response = buyer_client.get(reverse("statement_of_account"))
    text = _text(response)

    invoiced = sum(
        i.total_incl_vat for i in (books.due, books.overdue, books.paid, books.partly)
    )
    paid = books.paid.total_incl_vat + Decimal("20.00") + Decimal("9.88")
    credited = books.credit_note.total_incl_vat
    balance = invoiced - paid - credited
    assert balance == (
        books.due.amount_due + books.overdue.amount_due + books.partly.amount_due
    )
    assert f"Solde dû {_money(balance)}" in text
    assert f"Dont en retard {_money(books.overdue.amount_due)}" in text
    assert f"Facturé {_money(invoiced)}" in text
    assert f"Paiements reçus {_money(paid + Decimal('5.00'))}" in text
    assert f"Avoirs {_money(credited)}" in text
    assert _money("5.00") in text  # received, not yet allocated
    # Open invoices with their due dates and days overdue; payments; credits.
    assert f"{books.overdue.number} BC-A-LATE" in text
    assert str(books.overdue.days_overdue()) in text
    assert books.paid.number in text  # in the transfer's line
    assert "VIR-A-0042" in text and books.credit_note.number in text
    assert "BC-B-LATE" not in text and "VIR-B-0042" not in text


def test_the_statement_prints_without_its_buttons_and_filters(buyer_client, books):
    body = buyer_client.get(reverse("statement_of_account")).content.decode()
    assert 'class="statement-page"' in body
    assert re.search(r'<p class="actions no-print">.*data-print', body, re.S)
    assert '<form method="get" class="filters no-print"' in body
    css = CSS.read_text().split("/* Invoices and the statement of account */")[1]
    assert "@media print" in css and ".statement-page" in css


def test_the_statement_as_csv_adds_up(buyer_client, books):
    response = buyer_client.get(reverse("statement_of_account_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert 'filename="statement-of-account-aqua-lyon-' in disposition
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, *lines = rows
    assert header[:3] == ["Type", "Numéro", "Date"]
    by_kind = {}
    for line in lines:
        by_kind.setdefault(line[0], []).append(line)
    open_rows = by_kind["Facture ouverte"]
    assert [r[1] for r in open_rows] == [
        books.overdue.number,
        books.partly.number,
        books.due.number,
    ]
    overdue_row = open_rows[0]
    assert overdue_row[3] == books.overdue.due_date.isoformat()
    assert overdue_row[4] == str(books.overdue.days_overdue())
    assert overdue_row[7] == "29,88"
    (payment,) = by_kind["Paiement reçu"]
    assert payment[1] == "VIR-A-0042" and payment[5] == "49,88"
    (credit,) = by_kind["Avoir"]
    assert credit[1] == books.credit_note.number and credit[9] == books.partly.number
    (balance,) = by_kind["Solde dû"]
    left = sum(Decimal(r[7].replace(",", ".")) for r in open_rows)
    assert balance[7] == str(left).replace(".", ",") == "99,76"
    assert by_kind["Dont en retard"][0][7] == "29,88"


def test_a_period_limits_payments_and_credit_notes_not_what_is_owed(
    buyer_client, books
):
    today = timezone.localdate()
    response = buyer_client.get(
        reverse("statement_of_account"),
        {
            "start": (today - timedelta(days=30)).isoformat(),
            "end": (today - timedelta(days=3)).isoformat(),
        },
    )
    text = _text(response)
    assert "VIR-A-0042" in text  # received 5 days ago
    assert books.credit_note.number not in text.split("Avoirs")[-1]  # issued today
    assert "Aucun avoir sur cette période." in text
    assert f"Solde dû {_money('99.76')}" in text


def test_the_statement_ignores_another_organisation_asked_by_a_reseller(
    buyer_client, books, other_books, other_organisation
):
    response = buyer_client.get(
        reverse("statement_of_account"), {"organisation": other_organisation.slug}
    )
    text = _text(response)
    assert "Aqua Services Lyon" in text and "BC-B-LATE" not in text
    csv_text = buyer_client.get(
        reverse("statement_of_account_csv"), {"organisation": other_organisation.pk}
    ).content.decode()
    assert "BC-B-LATE" not in csv_text and "BC-A-LATE" in csv_text


def test_staff_choose_the_reseller_by_slug_or_id(
    client, manager, books, other_books, other_organisation
):
    client.force_login(manager)
    chooser = client.get(reverse("statement_of_account"))
    assert chooser.status_code == 200
    assert f'value="{other_organisation.slug}"' in chooser.content.decode()
    by_slug = client.get(
        reverse("statement_of_account"), {"organisation": other_organisation.slug}
    )
    by_id = client.get(
        reverse("statement_of_account"), {"organisation": other_organisation.pk}
    )
    for response in (by_slug, by_id):
        assert "BC-B-LATE" in _text(response) and "BC-A-LATE" not in _text(response)
    # The CSV link keeps the reseller.
    assert f"organisation={other_organisation.slug}" in by_id.content.decode()
    unknown = client.get(reverse("statement_of_account"), {"organisation": "nobody"})
    assert unknown.status_code == 200
    assert "Aucun revendeur" in unknown.content.decode()
    csv_without = client.get(reverse("statement_of_account_csv"))
    assert csv_without.status_code == 302


@pytest.mark.parametrize(
    "params",
    [
        {"start": "\x00"},
        {"start": "2026-02-30", "end": "x" * 300},
        {"start": "2026-06-01", "end": "2026-01-01"},
    ],
)
def test_odd_statement_input_never_fails(buyer_client, books, params):
    for name in ("statement_of_account", "statement_of_account_csv"):
        assert buyer_client.get(reverse(name), params).status_code == 200


# --- The same queries with ten times the data ------------------------------------


def _queries(client, url: str, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def _grow(organisation, by, n: int) -> None:
    """``n`` invoices; a third partly paid, a third credited in full."""
    today = timezone.localdate()
    for day in range(n):
        invoice = issued_invoice(organisation, issued=today - timedelta(days=20 + day))
        if day % 3 == 0:
            payment_received(organisation, [(invoice, Decimal("10.00"))])
        elif day % 3 == 1:
            credit_note_issue(
                invoice=invoice, quantities=None, reason=Invoice.Reason.RETURN, by=by
            )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("invoice_list", {}),
        ("invoice_list", {"status": "due", "q": "F-"}),
        ("statement_of_account", {}),
        ("statement_of_account_csv", {}),
    ],
)
def test_pages_cost_the_same_queries_with_tenfold_data(
    client, owner, organisation, manager, django_assert_max_num_queries, name, params
):
    client.force_login(owner)
    url = reverse(name)
    _grow(organisation, manager, 3)
    client.get(url)  # the session's first use
    small = _queries(client, url, params)
    _grow(organisation, manager, 27)
    large = _queries(client, url, params)
    assert large == small
    with django_assert_max_num_queries(12):
        client.get(url, params)


def test_the_detail_costs_the_same_queries_whatever_its_size(
    client, owner, organisation, manager
):
    client.force_login(owner)
    small = issued_invoice(organisation)
    payment_received(organisation, [(small, Decimal("1.00"))])
    big = issued_invoice(organisation, [(ProductFactory(), 2) for _ in range(10)])
    for _ in range(3):
        payment_received(organisation, [(big, Decimal("1.00"))])
    assert _queries(client, reverse("invoice_detail", args=[small.number])) == _queries(
        client, reverse("invoice_detail", args=[big.number])
    )


def test_staff_list_costs_the_same_queries_with_more_resellers(
    client, agent, organisation, manager
):
    client.force_login(agent)
    _grow(organisation, manager, 3)
    small = _queries(client, reverse("invoice_list"))
    for _ in range(3):
        other = MembershipFactory(role=Role.OWNER).organisation
        _grow(other, manager, 3)
    assert _queries(client, reverse("invoice_list")) == small


def test_the_tab_reads_in_english_too(buyer_client, books, settings):
    buyer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = _text(buyer_client.get(reverse("invoice_list")))
    assert "Balance owed €99.76" in text and "Overdue €29.88" in text
    statement = _text(buyer_client.get(reverse("statement_of_account")))
    assert "Statement of account" in statement
    assert "Of which overdue €29.88" in statement
