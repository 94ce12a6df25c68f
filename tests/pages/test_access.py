"""Documentation is for the reseller network and staff only; files stay private."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection

from pages.models import TechnicalDocument
from tests.accounts.factories import MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% notice d'installation AquaPure\n%%EOF\n"


@pytest.fixture
def document(db):
    doc = TechnicalDocument(
        title="Notice d'installation", collection=Collection.get_first_root_node()
    )
    doc.file.save("notice-aqp-300.pdf", ContentFile(PDF), save=False)
    doc.save()
    return doc


@pytest.fixture
def documentation_urls(docs, document):
    sheet = docs["sheet"]
    return [
        reverse("documentation"),
        reverse("documentation_subscriptions"),
        reverse("search") + "?q=e12",
        docs["index"].url,
        docs["codes"].url,
        docs["table"].url,
        docs["e12"].url,
        docs["manual"].url,
        sheet.url,
        sheet.url + sheet.reverse_subpage("leave_behind"),
        sheet.url + sheet.reverse_subpage("leave_behind_pdf"),
        document.url,
    ]


def test_visitors_are_sent_to_the_login_page(client, documentation_urls):
    for url in documentation_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_customers_get_not_found(client, documentation_urls, django_user_model):
    customer = django_user_model.objects.create_user("client@example.fr", "secret")
    client.force_login(customer)
    for url in documentation_urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"AquaPure" not in response.content, url


def test_suspended_resellers_are_signed_out(client, documentation_urls, organisation):
    member = MembershipFactory(organisation=organisation).user
    organisation.status = organisation.Status.SUSPENDED
    organisation.save()
    client.force_login(member)
    response = client.get(documentation_urls[3])
    assert response.status_code == 302
    assert response["Location"] == reverse("access_suspended")  # says why
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["owner", "buyer", "technician"])
def test_every_reseller_role_reads_everything(request, documentation_urls, role):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    for url in documentation_urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


@pytest.mark.parametrize(
    "group", ["Call center", "Managers", "Content editors", "Documentation reviewers"]
)
def test_every_staff_group_reads_everything(documentation_urls, group):
    client = Client()
    client.force_login(StaffFactory(groups=[Group.objects.get(name=group)]))
    for url in documentation_urls:
        assert client.get(url, follow=True).status_code == 200, url


def test_a_staff_account_in_no_group_reads_nothing(documentation_urls):
    # is_staff opens the Wagtail admin's door; it is not a right on data.
    client = Client()
    client.force_login(StaffFactory())
    for url in documentation_urls:
        assert client.get(url).status_code == 404, url


def test_a_reseller_downloads_the_document_through_the_permission_view(
    client, buyer, document
):
    client.force_login(buyer)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert document.url.startswith("/documents/")


def test_a_private_document_has_no_public_address(document):
    # Stored outside MEDIA_ROOT, in a storage that refuses to give a URL.
    path = document.file.path
    assert path.startswith(str(settings.STORAGES["private"]["OPTIONS"]["location"]))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        _ = document.file.url


def test_the_media_url_does_not_serve_it(client, buyer, document):
    client.force_login(buyer)
    name = document.file.name
    for url in (f"{settings.MEDIA_URL}{name}", f"{settings.MEDIA_URL}private/{name}"):
        assert client.get(url).status_code == 404


def test_the_document_serve_method_never_redirects_to_storage():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAILDOCS_DOCUMENT_MODEL == "pages.TechnicalDocument"


def test_shared_password_restrictions_are_off():
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS == {"SHARED_PASSWORD": False}
