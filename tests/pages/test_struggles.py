"""Documentation that learns from demand (issue 18, item 6): a fault code
page that ends in a visit request, and the pages read just before one, are
counted for their responsible editor, ranked in a Wagtail report and on the
editor's home."""

import time
from datetime import UTC, date, datetime, timedelta
from html import escape

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pages.demand import SESSION_KEY, page_read_remember, pages_read_just_before
from pages.models import ReaderStruggle
from pages.selectors import struggling_pages
from pages.services import reader_struggle_record, search_misses_purge
from tests.pages.factories import fault_code

pytestmark = pytest.mark.django_db

REPORT = reverse("pages_struggles")
VISIT, READ = ReaderStruggle.Kind.VISIT_ASKED, ReaderStruggle.Kind.READ_BEFORE


def _request():
    request = RequestFactory().get("/")
    request.session = {}
    return request


def test_the_session_keeps_the_last_five_pages_read_in_the_last_half_hour():
    request = _request()
    for page_id in [1, 2, 3, 4, 5, 6, 2]:
        page_read_remember(request, page_id)
    assert pages_read_just_before(request) == [3, 4, 5, 6, 2]
    request.session[SESSION_KEY][0][1] = int(time.time()) - 31 * 60
    assert pages_read_just_before(request) == [4, 5, 6, 2]
    request.session[SESSION_KEY].append("garbage")
    assert pages_read_just_before(request) == [4, 5, 6, 2]


def test_reading_a_documentation_page_is_remembered(client, buyer, docs):
    client.force_login(buyer)
    assert client.get(docs["e12"].url).status_code == 200
    assert [entry[0] for entry in client.session[SESSION_KEY]] == [docs["e12"].pk]


def test_pages_are_ranked_visit_requests_first_then_reads(docs, editor, reviewer):
    e12, manual = docs["e12"], docs["manual"]
    for page in (e12, manual):
        page.responsible_editor = editor
        page.save()
    reader_struggle_record(page_ids=[e12.pk], kind=VISIT)
    for _ in range(2):
        reader_struggle_record(page_ids=[manual.pk, manual.pk], kind=READ)
    ranked = list(struggling_pages(editor=editor))
    assert [(p.pk, p.visits_asked, p.read_before) for p in ranked] == [
        (e12.pk, 1, 0),  # weighs 3
        (manual.pk, 0, 2),  # the same page twice in one request counts once
    ]
    assert not struggling_pages(editor=reviewer).exists()
    # Older than 90 days: out of the ranking; older than 180: forgotten.
    ReaderStruggle.objects.update(day=timezone.localdate() - timedelta(days=91))
    assert not struggling_pages().exists()
    ReaderStruggle.objects.update(day=timezone.localdate() - timedelta(days=181))
    search_misses_purge()
    assert not ReaderStruggle.objects.exists()


def test_struggles_are_forgotten_by_the_french_calendar_after_midnight(
    docs, monkeypatch
):
    # 00:30 in Paris on 8 December is still 7 December in UTC.
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    )
    today = timezone.localdate()
    assert today == date(2026, 12, 8)
    e12, manual = docs["e12"], docs["manual"]
    reader_struggle_record(page_ids=[e12.pk], kind=VISIT)
    reader_struggle_record(page_ids=[manual.pk], kind=VISIT)
    ReaderStruggle.objects.filter(page=e12).update(day=today - timedelta(days=181))
    ReaderStruggle.objects.filter(page=manual).update(day=today - timedelta(days=180))

    search_misses_purge(days=180)

    assert list(ReaderStruggle.objects.values_list("page_id", flat=True)) == [manual.pk]


def test_the_report_shows_the_editors_own_pages_then_every_page(
    client, docs, editor, reviewer
):
    e12 = docs["e12"]
    e12.responsible_editor = reviewer
    e12.save()
    reader_struggle_record(page_ids=[e12.pk], kind=VISIT)
    client.force_login(editor)

    mine = client.get(REPORT)
    assert mine.status_code == 200
    assert escape(e12.title) not in mine.content.decode()
    every = client.get(REPORT, {"pages": "all"}).content.decode()
    assert escape(e12.title) in every
    assert reverse("wagtailadmin_pages:edit", args=[e12.pk]) in every

    client.force_login(reviewer)
    assert escape(e12.title) in client.get(REPORT).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert f'href="{REPORT}"' in home
    # Their home's card counts their own pages where readers struggled.
    card = home.split(f'href="{REPORT}"')[1].split("</a>")[0]
    assert 'work-card__figure">1<' in card
    assert "de vos pages a mené à une demande de visite" in card
    client.force_login(editor)
    card = client.get(reverse("home")).content.decode().split(f'href="{REPORT}"')[1]
    assert 'work-card__figure">0<' in card.split("</a>")[0]


@pytest.mark.parametrize("role", ["buyer", "agent", "manager"])
def test_nobody_outside_the_documentation_team_opens_the_report(client, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(REPORT).status_code in (302, 403)


def test_a_fault_page_of_another_appliance_is_not_counted_for_a_triage(docs, appliance):
    other = fault_code(docs["codes"], [appliance], code="E99", title="Autre")
    reader_struggle_record(page_ids=[other.pk], kind=VISIT)
    assert list(struggling_pages().values_list("pk", flat=True)) == [other.pk]
