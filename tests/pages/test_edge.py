"""Odd input to the documentation pages and the Wagtail admin: a clear
answer that changes nothing, never a server error."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Revision

from ordering.catalogue.models import Product
from pages.models import DocumentationSubscription
from tests.accounts.factories import StaffFactory
from tests.ordering.factories import ProductFactory
from tests.portal.fuzzing import forms_of


@pytest.mark.parametrize("target", ["//evil.test/", "not-a-path", "javascript:x"])
def test_following_an_appliance_ignores_a_next_that_is_not_a_local_path(
    client, buyer, docs, target
):
    client.force_login(buyer)
    url = reverse(
        "documentation_subscription_toggle", args=[docs["sheet"].appliance_id]
    )

    response = client.post(url, {"next": target})

    assert response.status_code == 302
    assert response["Location"] == reverse("documentation_subscriptions")
    assert DocumentationSubscription.objects.filter(user=buyer).count() == 1


def test_the_alerts_page_ignores_an_appliance_id_that_is_not_a_number(
    client, buyer, appliance, docs
):
    client.force_login(buyer)

    response = client.post(
        reverse("documentation_subscriptions"), {"appliance": ["abc", appliance.pk]}
    )

    assert response.status_code == 302
    assert list(
        DocumentationSubscription.objects.filter(user=buyer).values_list(
            "appliance", flat=True
        )
    ) == [appliance.pk]


def test_a_page_edit_posted_without_its_stream_count_answers_400(docs):
    """The edit form's StreamFields are drawn by the admin's scripts; sent
    as the HTML stands (a hand-made request, a browser without scripts) it
    lacks their ``<field>-count``, which Wagtail reads as
    ``request.POST["body-count"]``. The answer says so and the page keeps
    its content."""
    editor = StaffFactory()
    editor.groups.add(Group.objects.get(name="Content editors"))
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(editor)
    sheet = docs["sheet"]
    url = reverse("wagtailadmin_pages:edit", args=[sheet.pk])
    (form,) = [f for f in forms_of(client.get(url).content.decode()) if f.action == url]
    assert "title" in form.names and "body-count" not in form.names
    fields = [(name, value) for name, value in form.fields if name != "action-submit"]
    revisions = Revision.objects.filter(object_id=str(sheet.pk)).count()

    response = client.post(
        url,
        urlencode([*fields, ("title", "Nouveau titre"), ("action-publish", "1")]),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "sent without one of its fields" in response.content.decode()
    assert Revision.objects.filter(object_id=str(sheet.pk)).count() == revisions
    sheet.refresh_from_db()
    assert sheet.title != "Nouveau titre"


# --- Wagtail's own admin screens ---------------------------------------------------


@pytest.fixture
def admin_client(db):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(StaffFactory(is_superuser=True))
    return client


@pytest.fixture
def image(db):
    return get_image_model().objects.create(title="Vanne", file=get_test_image_file())


@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/chooser/chosen/abc/",
        "/admin/documents/chooser/chosen/1e9/",
        "/admin/images/chooser/chosen-multiple/?id=abc",
        "/admin/choose-page/chosen-multiple/?id=1&id=abc",
    ],
)
def test_an_admin_chooser_asked_for_an_id_that_is_not_a_number_answers_400(
    admin_client, url
):
    response = admin_client.get(url)

    assert response.status_code == 400
    assert "a number that is not valid" in response.content.decode()


def test_a_product_saved_with_an_image_id_that_is_not_a_number_answers_400(
    admin_client, image
):
    product = ProductFactory(name="Cartouche", image=image)
    url = reverse("product:edit", args=[product.pk])
    (form,) = [
        f for f in forms_of(admin_client.get(url).content.decode()) if f.action == url
    ]
    fields = [(n, "abc" if n == "image" else v) for n, v in form.fields]
    fields = [(n, v) for n, v in fields if n != "name"] + [("name", "Renommée")]

    response = admin_client.post(
        url, urlencode(fields), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert Product.objects.get(pk=product.pk).name == "Cartouche"


def test_searching_images_with_the_usage_filter_says_to_choose_one(admin_client, image):
    response = admin_client.get("/admin/images/", {"q": "vanne", "usage_count_min": 1})

    assert response.status_code == 400
    assert "not both at once" in response.content.decode()
    assert admin_client.get("/admin/images/", {"q": "vanne"}).status_code == 200
    assert admin_client.get("/admin/images/", {"usage_count_min": 1}).status_code == 200


def test_reverting_to_revision_0_is_not_found(admin_client, docs):
    sheet = docs["sheet"]

    response = admin_client.get(f"/admin/pages/{sheet.pk}/revisions/0/revert/")

    assert response.status_code == 404


def test_wagtail_s_deliberate_error_page_is_not_found(admin_client):
    # /admin/failwhale/ raises on purpose to test error reporting.
    assert admin_client.get("/admin/failwhale/").status_code == 404


def test_the_external_link_chooser_sent_without_its_url_answers_400(admin_client):
    response = admin_client.post(reverse("wagtailadmin_choose_page_external_link"))
    assert response.status_code == 400
    assert "URL" in response.content.decode()
