"""A searched list counts at most a bound of rows and says "more than";
its pages still work up to the bound. An unsearched list counts exactly."""

import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.db.models.functions import Substr
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ordering.orders.models import Order
from portal import pagination
from portal.pagination import BoundedPaginator
from tests.accounts.factories import CustomerFactory, InstallationFactory
from tests.ordering.factories import OrderFactory, ProductFactory, stocked

pytestmark = pytest.mark.django_db


@pytest.fixture
def bound_of_three(monkeypatch):
    monkeypatch.setattr(pagination, "SEARCH_BOUND", 3)
    # The views' modules (the package's names are the view functions).
    for view in ("orders", "stock"):
        module = importlib.import_module(f"ordering.orders.views.{view}")
        monkeypatch.setattr(module, "PAGE_SIZE", 2)


@pytest.fixture
def five_gerards(organisation):
    for n in range(5):
        OrderFactory(organisation=organisation, end_customer_name=f"Gérard {n}")


def test_the_count_reads_at_most_the_bound_and_one_row(five_gerards):
    paginator = BoundedPaginator(Order.objects.order_by("pk"), 2, bound=3)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.exceeds, paginator.num_pages) == (3, True, 2)
    assert "LIMIT 4" in queries[0]["sql"]
    exact = BoundedPaginator(Order.objects.order_by("pk"), 2, bound=5)
    assert (exact.count, exact.exceeds) == (5, False)


def test_a_searched_page_runs_the_search_once(five_gerards):
    # The search's ids give the count and the page; the page's rows are then
    # read by id, in the list's order, with the list's annotations.
    searched = (
        Order.objects.filter(end_customer_name__startswith="Gérard")
        .annotate(initial=Substr("end_customer_name", 1, 1))
        .order_by("-end_customer_name")
    )
    paginator = BoundedPaginator(searched, 2, bound=3)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(2)
    names = [order.end_customer_name for order in page.object_list]
    assert names == ["Gérard 2"]  # the bound's third row, page 2 of 2
    assert [order.initial for order in page.object_list] == ["G"]
    assert (paginator.count, paginator.exceeds) == (3, True)
    searches = [q["sql"] for q in queries if "LIKE" in q["sql"].upper()]
    assert len(queries) == 2 and len(searches) == 1
    first = paginator.page(1).object_list
    assert [order.end_customer_name for order in first] == ["Gérard 4", "Gérard 3"]


def test_a_search_past_the_bound_says_more_than(
    client, buyer, five_gerards, bound_of_three
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(buyer)
    first = client.get(reverse("orders"), {"q": "gerard"})
    body = first.content.decode()
    assert "More than 3 results" in body
    assert "Page 1</span>" in body and 'rel="next"' in body
    last = client.get(reverse("orders"), {"q": "gerard", "page": 2})
    page = last.context["page"]
    assert (page.number, page.has_next(), page.has_previous()) == (2, False, True)
    assert len(page.object_list) == 1  # the pages stop at the bound
    # A page past the bound is the last one, not an error.
    assert client.get(reverse("orders"), {"q": "gerard", "page": 9}).status_code == 200


def test_an_unsearched_list_counts_exactly(client, buyer, five_gerards, bound_of_three):
    client.force_login(buyer)
    response = client.get(reverse("orders"))
    assert response.context["page"].paginator.count == 5
    assert "More than" not in response.content.decode()


def test_the_stock_search_is_bounded_too(client, buyer, bound_of_three):
    for n in range(4):
        ProductFactory(name=f"Cartouche préfiltre {n}")
    client.force_login(buyer)
    page = client.get(reverse("stock"), {"q": "prefiltre"}).context["page"]
    assert page.paginator.exceeds
    assert page.paginator.count == 3


def test_installation_and_customer_searches_are_bounded_too(
    client, owner, agent, organisation, bound_of_three
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for n in range(4):
        customer = CustomerFactory(last_name=f"Dumas {n}")
        InstallationFactory(organisation=organisation, customer=customer)
    client.force_login(owner)
    searched = client.get(reverse("installations"), {"q": "dumas"})
    assert searched.context["page"].paginator.exceeds
    assert len(searched.context["page"].object_list) == 3
    assert "More than 3 results" in searched.content.decode()
    unsearched = client.get(reverse("installations")).context["page"]
    assert (unsearched.paginator.count, unsearched.paginator.exceeds) == (4, False)
    client.force_login(agent)
    found = client.get(reverse("customer_list"), {"q": "dumas"}).context["page"]
    assert found.paginator.exceeds
    names = [customer.last_name for customer in found.object_list]
    assert names == ["Dumas 0", "Dumas 1", "Dumas 2"]  # by name, the bound's rows


@pytest.mark.parametrize(
    ("url", "query", "grow"),
    [
        ("orders", "gerard", lambda org: OrderFactory(
            organisation=org, end_customer_name="Gérard")),
        ("stock", "prefiltre", lambda org: stocked(
            ProductFactory(name="Préfiltre"), on_hand=3)),
    ],
)  # fmt: skip
def test_a_searched_list_reads_as_many_queries_with_tenfold_rows(
    client, buyer, organisation, django_assert_max_num_queries, url, query, grow
):
    client.force_login(buyer)
    for _ in range(2):
        grow(organisation)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(url), {"q": query})
    for _ in range(18):
        grow(organisation)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse(url), {"q": query}).context["page"]
    assert page.paginator.count == 20
