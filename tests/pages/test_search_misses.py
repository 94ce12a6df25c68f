"""Searches that found nothing are counted for the editors (issue 16): one row
per normalised query, a card on their home, a report in the Wagtail admin."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pages.models import SearchMiss
from pages.services import search_miss_record, search_misses_purge
from pages.tasks import search_misses_forget
from portal.schedule import JOBS

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")
REPORT = reverse("pages_search_misses")


def _search(client, words: str):
    response = client.get(SEARCH, {"q": words})
    assert response.status_code == 200
    return response


def _miss(query: str, count: int, days_ago: int) -> SearchMiss:
    when = timezone.now() - timedelta(days=days_ago)
    return SearchMiss.objects.create(
        query=query, count=count, first_searched_at=when, last_searched_at=when
    )


# --- Recording -------------------------------------------------------------------


def test_a_search_that_finds_nothing_is_counted_once_then_twice(client, buyer):
    client.force_login(buyer)
    _search(client, "Bruit de  Turbine")
    assert list(SearchMiss.objects.values_list("query", "count")) == [
        ("bruit de turbine", 1)
    ]
    first = SearchMiss.objects.get().first_searched_at
    _search(client, "bruit de turbine ")
    miss = SearchMiss.objects.get()
    assert miss.count == 2
    assert miss.first_searched_at == first
    assert miss.last_searched_at > first


def test_a_search_that_finds_something_is_not_counted(client, buyer, docs):
    client.force_login(buyer)
    response = _search(client, "fuite")
    assert "Fuite détectée" in unescape(response.content.decode())
    assert not SearchMiss.objects.exists()


def test_recording_costs_one_statement_once_the_query_is_known(client, buyer):
    search_miss_record(query="joint introuvable")
    with CaptureQueriesContext(connection) as queries:
        search_miss_record(query="Joint introuvable")
    assert len(queries.captured_queries) == 1
    assert queries.captured_queries[0]["sql"].lstrip().upper().startswith("UPDATE")
    assert SearchMiss.objects.get().count == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("fu\x00ite\x00", "fuite"),
        ("\ud800pompe", "pompe"),
        ("a\tb\nc", "a b c"),
        ("É" * 300, "é" * 200),
        ("\x00 \x07 ", None),
    ],
)
def test_odd_input_is_stored_clean_or_not_at_all(typed, stored):
    search_miss_record(query=typed)
    assert list(SearchMiss.objects.values_list("query", flat=True)) == (
        [stored] if stored else []
    )


def test_odd_input_through_the_search_box_never_fails(client, buyer):
    client.force_login(buyer)
    _search(client, "x" * 500)
    assert SearchMiss.objects.get().query == "x" * 200


def test_old_searches_are_forgotten_by_the_nightly_job():
    _miss("ancienne", 9, days_ago=200)
    _miss("recente", 1, days_ago=10)
    assert search_misses_forget.call() == 1
    assert list(SearchMiss.objects.values_list("query", flat=True)) == ["recente"]
    assert search_misses_purge() == 0
    assert "pages.tasks.search_misses_forget" in [job.task for job in JOBS]


# --- The editors' card and report ------------------------------------------------


def _card_figure(client, href: str) -> str | None:
    body = client.get(reverse("home")).content.decode()
    match = re.search(
        rf'<a class="work-card__link" href="{re.escape(href)}">\s*'
        r'<span class="work-card__figure">([^<]*)</span>\s*'
        r'<span class="work-card__label">([^<]*)</span>',
        body,
    )
    return match and f"{match.group(1)} {match.group(2).strip()}"


def _report_rows(client) -> list[tuple[str, str, str]]:
    """(query, href, times) of each row of the report, in order."""
    body = client.get(REPORT).content.decode()
    tbody = body.split("<tbody>")[1].split("</tbody>")[0]
    return [
        (unescape(query.strip()), unescape(href), times.strip())
        for href, query, times in re.findall(
            r'<a [^>]*href="([^"]*)"[^>]*>\s*([^<]*?)\s*</a>'
            r".*?<td[^>]*>\s*(\d+)\s*</td>",
            tbody,
            re.S,
        )
    ]


def test_the_editor_s_card_counts_the_rows_its_report_lists(client, editor):
    _miss("pompe doseuse", 2, days_ago=3)
    _miss("code f9", 7, days_ago=1)
    _miss("il y a longtemps", 50, days_ago=40)  # out of the 30 days
    client.force_login(editor)

    assert _card_figure(client, REPORT) == "2 recherches sans résultat (30 jours)"
    rows = _report_rows(client)
    assert rows == [
        ("code f9", SEARCH + "?q=code+f9", "7"),
        ("pompe doseuse", SEARCH + "?q=pompe+doseuse", "2"),
    ]


def test_a_query_of_the_report_runs_the_search_again(client, editor, docs):
    _miss("fuite", 1, days_ago=1)
    client.force_login(editor)
    (_query, href, _times) = _report_rows(client)[0]
    assert "Fuite détectée" in unescape(client.get(href).content.decode())


def test_the_card_reads_in_english_too(client, editor):
    _miss("pump", 1, days_ago=1)
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _card_figure(client, REPORT) == "1 search found nothing (30 days)"


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_editors_and_reviewers_open_the_report(client, role, request):
    _miss("pompe", 1, days_ago=1)
    client.force_login(request.getfixturevalue(role))
    response = client.get(REPORT)
    assert response.status_code == 200
    assert "pompe" in response.content.decode()


@pytest.mark.parametrize("role", ["owner", "buyer", "technician", "agent", "manager"])
def test_nobody_else_opens_the_report_or_sees_the_card(client, role, request):
    _miss("pompe secrète", 1, days_ago=1)
    client.force_login(request.getfixturevalue(role))
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert "pompe secrète" not in response.content.decode()
    assert _card_figure(client, REPORT) is None


def test_the_editor_s_home_runs_the_same_queries_whatever_the_searches(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    _miss("une", 1, days_ago=1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for n in range(30):
        _miss(f"recherche {n}", n + 1, days_ago=n % 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))
