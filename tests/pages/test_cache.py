"""Documentation pages keep their rendered content in the cache, and readers
still see every change at once: a publication, another page, an appliance, an
editor's name, a language."""

from html import escape

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import StaffFactory
from tests.pages.factories import manual

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit: the cache is told of a change only then."""
    return django_capture_on_commit_callbacks


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def test_a_page_read_again_is_served_from_the_cache(client, buyer, docs):
    client.force_login(buyer)
    for page in (docs["sheet"], docs["manual"], docs["e12"]):
        first, first_queries = _get(client, page.url)
        again, again_queries = _get(client, page.url)
        # The appliance, the editor, pictures, documents and linked pages.
        assert again_queries < first_queries, page.url
        assert again_queries <= 13, page.url
        assert escape(page.title) in again


def test_a_new_publication_shows_at_once(client, buyer, docs):
    client.force_login(buyer)
    sheet = docs["sheet"]
    assert "Adoucisseur volumétrique" in _get(client, sheet.url)[0]
    sheet.summary = "Nouveau résumé, relu par le service technique."
    sheet.save_revision().publish()
    content = _get(client, sheet.url)[0]
    assert "Nouveau résumé" in content
    assert "Adoucisseur volumétrique" not in content


def test_a_saved_draft_does_not_reach_readers(client, buyer, docs):
    client.force_login(buyer)
    sheet = docs["sheet"]
    _get(client, sheet.url)
    sheet.summary = "Brouillon pas encore relu."
    sheet.save_revision()
    assert "Brouillon" not in _get(client, sheet.url)[0]


def test_the_sheet_follows_its_manual_being_unpublished_and_replaced(
    client, buyer, docs, appliance, committed
):
    client.force_login(buyer)
    sheet, old_manual = docs["sheet"], docs["manual"]
    assert old_manual.url in _get(client, sheet.url)[0]
    with committed(execute=True):
        old_manual.unpublish()
    assert old_manual.url not in _get(client, sheet.url)[0]
    with committed(execute=True):
        new_manual = manual(docs["index"], appliance, slug="manuel-v2")
    assert new_manual.url in _get(client, sheet.url)[0]


def test_a_renamed_appliance_shows_on_its_fault_codes_at_once(
    client, buyer, docs, appliance, committed
):
    client.force_login(buyer)
    e12 = docs["e12"]
    assert "AquaPure 300" in _get(client, e12.url)[0]
    appliance.name = "AquaPure 300 Plus"
    with committed(execute=True):
        appliance.save()
    assert "AquaPure 300 Plus" in _get(client, e12.url)[0]


def test_an_editor_renamed_shows_at_once_but_a_login_renders_nothing_anew(
    client, buyer, docs, committed
):
    editor = StaffFactory(
        first_name="Camille",
        last_name="Durand",
        groups=[Group.objects.get(name="Content editors")],
    )
    sheet = docs["sheet"]
    sheet.responsible_editor = editor
    sheet.save_revision().publish()
    client.force_login(buyer)
    assert "Camille Durand" in _get(client, sheet.url)[0]
    _, cached_queries = _get(client, sheet.url)
    editor.last_login = editor.date_joined
    with committed(execute=True):
        editor.save(update_fields=["last_login"])
    assert _get(client, sheet.url)[1] == cached_queries
    editor.last_name = "Martin"
    with committed(execute=True):
        editor.save()
    assert "Camille Martin" in _get(client, sheet.url)[0]


def test_each_language_has_its_own_copy(client, buyer, docs):
    client.force_login(buyer)
    sheet = docs["sheet"]
    french = _get(client, sheet.url)[0]
    client.cookies["django_language"] = "en"
    english = _get(client, sheet.url)[0]
    assert "Fiche client" in french
    assert "Leave-behind sheet" in english
    assert "Leave-behind sheet" not in french


def test_each_reader_keeps_their_own_alert_button(client, buyer, docs):
    client.force_login(buyer)
    sheet = docs["sheet"]
    _get(client, sheet.url)
    client.post(
        f"/reseller/documentation/alerts/{sheet.appliance_id}/",
        {"next": sheet.url},
    )
    assert 'aria-pressed="true"' in _get(client, sheet.url)[0]


def test_pages_are_found_at_their_path_and_nowhere_else(client, buyer, docs, committed):
    client.force_login(buyer)
    sheet, e12 = docs["sheet"], docs["e12"]
    for url in (sheet.url, sheet.url + "fiche-client/", e12.url, docs["codes"].url):
        assert client.get(url).status_code == 200, url
    for url in (sheet.url + "inconnu/", e12.url + "fiche-client/", "/docs/doc/x/"):
        assert client.get(url).status_code == 404, url
    old_url = e12.url
    e12.slug = "e12-fuite"
    with committed(execute=True):
        e12.save_revision().publish()
    e12.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(e12.url).status_code == 200
    with committed(execute=True):
        e12.unpublish()
    assert client.get(e12.url).status_code == 404


def test_a_moved_page_answers_at_its_new_path_only(client, buyer, docs, committed):
    client.force_login(buyer)
    e12, index = docs["e12"], docs["index"]
    old_url = e12.url
    assert client.get(old_url).status_code == 200
    # Editors may file a page elsewhere; the cached route must follow.
    with committed(execute=True):
        e12.move(index, pos="last-child")
    e12.refresh_from_db()
    assert e12.url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(e12.url).status_code == 200


def test_the_documentation_root_opens_the_documentation_index(client, buyer, docs):
    """/docs/ itself answered 500 (an empty path in the route cache)."""
    client.force_login(buyer)
    response = client.get("/docs/")
    assert response.status_code == 200
    assert escape(docs["index"].title) in response.content.decode()
    assert escape(docs["sheet"].title) in response.content.decode()


def test_the_documentation_root_asks_a_stranger_to_sign_in(client, docs):
    response = client.get("/docs/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
