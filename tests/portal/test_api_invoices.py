"""The API's invoices, credit notes (with their files) and statement of
account: the tab's figures and rights, for the resellers' own software
(issue 17, item 8)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.network.models import Role
from ordering.invoicing.models import Invoice
from ordering.invoicing.services import credit_note_issue
from tests.accounts.factories import MembershipFactory
from tests.ordering.invoicing.account_data import account, payment_received
from tests.ordering.invoicing.factories import billing_address, issued_invoice
from tests.portal.test_api import API, api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(organisation, manager):
    billing_address(organisation)
    return account(organisation, by=manager)


@pytest.fixture
def other_books(other_organisation, manager):
    billing_address(other_organisation)
    return account(other_organisation, by=manager, prefix="B")


@pytest.fixture
def buyer_api(buyer):
    return api_client(buyer)


def _numbers(body) -> set[str]:
    return {item["number"] for item in body["items"]}


def test_a_buyer_lists_their_invoices_and_credit_notes_with_their_kind(
    buyer_api, books, other_books
):
    body = buyer_api.get(f"{API}/invoices").json()

    assert body["count"] == 5
    by_number = {item["number"]: item for item in body["items"]}
    assert set(by_number) == {
        books.due.number,
        books.overdue.number,
        books.paid.number,
        books.partly.number,
        books.credit_note.number,
    }
    credit = by_number[books.credit_note.number]
    assert credit["kind"] == "credit_note" and credit["status"] == "credit_note"
    assert credit["credited_invoice"] == books.partly.number
    assert credit["due_date"] is None
    partly = by_number[books.partly.number]
    assert partly["kind"] == "invoice" and partly["status"] == "due"
    assert (partly["total_incl_vat"], partly["amount_due"]) == ("120.00", "40.00")
    assert (partly["amount_paid"], partly["amount_credited"]) == ("20.00", "60.00")
    assert partly["organisation"] == "aqua-lyon"
    assert by_number[books.overdue.number]["status"] == "overdue"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "overdue"}, ["overdue"]),
        ({"status": "paid"}, ["paid"]),
        ({"status": "due"}, ["due", "partly"]),
        ({"status": "credit_note"}, ["credit_note"]),
        ({"q": "BC-A-LATE"}, ["overdue"]),
        ({"q": "AV-"}, ["credit_note"]),
    ],
)
def test_filters_and_search(buyer_api, books, params, expected):
    body = buyer_api.get(f"{API}/invoices", params).json()
    assert _numbers(body) == {getattr(books, name).number for name in expected}


def test_the_list_comes_in_pages(buyer_api, organisation):
    for _ in range(5):
        issued_invoice(organisation)
    first = buyer_api.get(f"{API}/invoices", {"page_size": 2}).json()
    third = buyer_api.get(f"{API}/invoices", {"page_size": 2, "page": 3}).json()
    assert (first["count"], len(first["items"]), len(third["items"])) == (5, 2, 1)


def test_the_detail_has_lines_vat_per_rate_payments_and_credit_notes(buyer_api, books):
    response = buyer_api.get(f"{API}/invoices/{books.partly.number}")
    assert response.status_code == 200
    body = response.json()
    assert body["lines"] == [
        {
            "reference": "LMP-A",
            "description": books.partly.lines.get().description,
            "order_number": books.partly.order_references,
            "quantity": "2",
            "unit_price_excl_vat": "50.00",
            "vat_rate": "20.00",
            "total_excl_vat": "100.00",
        }
    ]
    assert body["vat_breakdown"] == [
        {
            "rate": "20.00",
            "category": "S",
            "taxable_amount": "100.00",
            "vat_amount": "20.00",
        }
    ]
    assert body["payments"] == [
        {
            "received_on": (timezone.localdate() - timedelta(days=5)).isoformat(),
            "method": "transfer",
            "reference": "VIR-A-0042",
            "amount": "20.00",
        }
    ]
    assert [c["number"] for c in body["credit_notes"]] == [books.credit_note.number]
    assert body["buyer"]["city"] == "Lyon"
    assert body["payment_terms"] == "30 days end of month"

    credit = buyer_api.get(f"{API}/invoices/{books.credit_note.number}").json()
    assert credit["credited_invoice"] == books.partly.number
    assert credit["reason"] == "Goods returned"


@pytest.mark.parametrize(
    ("suffix", "content_type"), [("pdf", "application/pdf"), ("xml", "application/xml")]
)
def test_the_files_download_named_after_the_number(
    buyer_api, books, suffix, content_type
):
    number = books.credit_note.number
    response = buyer_api.get(f"{API}/invoices/{number}/{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{number}.{suffix}"'
    )


@pytest.mark.parametrize("role", [Role.OWNER, Role.BUYER, Role.TECHNICIAN])
def test_another_organisation_s_invoices_answer_404_like_missing_ones(
    role, organisation, other_books
):
    client = api_client(MembershipFactory(organisation=organisation, role=role).user)
    for number in (other_books.overdue.number, other_books.credit_note.number):
        for suffix in ("", "/pdf", "/xml"):
            response = client.get(f"{API}/invoices/{number}{suffix}")
            assert response.status_code == 404, (role, number, suffix)
            assert "BC-B-LATE" not in response.content.decode()
            missing = client.get(f"{API}/invoices/F-1999-000001{suffix}")
            assert missing.status_code == 404
            assert (
                missing.json()["detail"].split()[:3]
                == (response.json()["detail"].split()[:3])
            )


def test_a_technician_gets_403_on_the_list_and_the_statement(technician, books):
    client = api_client(technician)
    for path in ("/invoices", "/statement"):
        response = client.get(API + path)
        assert response.status_code == 403, path
        assert "owners and buyers" in response.json()["detail"]


def test_staff_see_every_reseller_s_and_may_narrow_to_one(
    agent, books, other_books, other_organisation
):
    client = api_client(agent)
    assert client.get(f"{API}/invoices").json()["count"] == 10
    one = client.get(f"{API}/invoices", {"organisation": other_organisation.slug})
    assert one.json()["count"] == 5
    assert {i["organisation"] for i in one.json()["items"]} == {"confort-bretagne"}
    detail = client.get(f"{API}/invoices/{other_books.overdue.number}")
    assert detail.status_code == 200
    unknown = client.get(f"{API}/invoices", {"organisation": "nobody"})
    assert unknown.status_code == 404


def test_a_reseller_s_organisation_filter_never_widens_the_list(
    buyer_api, books, other_books, other_organisation
):
    body = buyer_api.get(
        f"{API}/invoices", {"organisation": other_organisation.slug}
    ).json()
    assert body["count"] == 5 and "BC-B-LATE" not in str(body)


def test_a_reseller_never_reads_another_organisation_s_statement(
    buyer_api, books, other_books, other_organisation
):
    for value in (other_organisation.slug, other_organisation.pk):
        response = buyer_api.get(f"{API}/statement", {"organisation": value})
        # The reseller's own statement, never the other's: the filter is ignored.
        assert response.status_code == 200
        body = response.json()
        assert body["organisation"] == "aqua-lyon"
        assert "BC-B-LATE" not in response.content.decode()
        assert other_books.credit_note.number not in response.content.decode()


def test_the_statement_balance_is_invoices_less_payments_less_credits(
    buyer_api, books, organisation
):
    payment_received(
        organisation, [(books.due, Decimal("9.88"))], unallocated=Decimal("5.00")
    )
    body = buyer_api.get(f"{API}/statement").json()

    invoiced, received = Decimal(body["invoiced"]), Decimal(body["received"])
    credited, unallocated = Decimal(body["credited"]), Decimal(body["unallocated"])
    assert Decimal(body["balance"]) == invoiced - (received - unallocated) - credited
    assert body["balance"] == "89.88"
    assert body["overdue"] == "29.88"
    assert unallocated == Decimal("5.00")
    assert [row["number"] for row in body["open_invoices"]] == [
        books.overdue.number,
        books.partly.number,
        books.due.number,
    ]
    assert body["open_invoices"][0]["days_overdue"] == books.overdue.days_overdue()
    assert [p["reference"] for p in body["payments"]][0] == "VIR-A-0042"
    assert body["payments"][0]["allocations"] == [
        {"invoice": books.paid.number, "amount": "29.88"},
        {"invoice": books.partly.number, "amount": "20.00"},
    ]
    assert body["credit_notes"] == [
        {
            "number": books.credit_note.number,
            "issue_date": books.credit_note.issue_date.isoformat(),
            "credited_invoice": books.partly.number,
            "reason": "return",
            "total_incl_vat": "60.00",
        }
    ]


def test_staff_name_the_reseller_of_the_statement(
    agent, books, other_books, other_organisation
):
    client = api_client(agent)
    assert client.get(f"{API}/statement").status_code == 400
    body = client.get(
        f"{API}/statement", {"organisation": other_organisation.slug}
    ).json()
    assert body["organisation"] == "confort-bretagne"
    assert [row["purchase_order_reference"] for row in body["open_invoices"]][0] == (
        "BC-B-LATE"
    )


def test_odd_statement_input_is_refused_with_a_reason(buyer_api, books):
    assert buyer_api.get(f"{API}/statement", {"start": "2026-13-01"}).status_code == 422
    reversed_dates = buyer_api.get(
        f"{API}/statement", {"start": "2026-06-01", "end": "2026-01-01"}
    )
    assert reversed_dates.status_code == 400
    # The portal drops a NUL from every query string before the views see it.
    with_nul = buyer_api.get(f"{API}/invoices", {"q": "BC-A-\x00LATE"}).json()
    assert _numbers(with_nul) == {books.overdue.number}
    assert buyer_api.get(f"{API}/invoices", {"status": "x"}).status_code == 422
    assert buyer_api.get(f"{API}/invoices/a%00b").status_code in (404, 422)


@pytest.mark.parametrize("path", ["/invoices", "/statement"])
def test_query_count_does_not_grow_with_tenfold_data(
    path, owner, organisation, manager, django_assert_max_num_queries
):
    client = api_client(owner)
    client.get(API + path)  # the token's first use is written down once

    def grow(n):
        for day in range(n):
            invoice = issued_invoice(
                organisation, issued=timezone.localdate() - timedelta(days=40 + day)
            )
            if day % 3 == 0:
                payment_received(organisation, [(invoice, Decimal("5.00"))])
            elif day % 3 == 1:
                credit_note_issue(
                    invoice=invoice,
                    quantities=None,
                    reason=Invoice.Reason.RETURN,
                    by=manager,
                )

    def measure():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(API + path)
        assert response.status_code == 200
        return len(captured)

    grow(3)
    small = measure()
    grow(27)
    assert measure() == small
    with django_assert_max_num_queries(10):
        client.get(API + path)
