"""The review button names the workflow in the editor's language."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.ordering.factories import ApplianceFactory
from tests.pages.factories import fault_code, site_with_documentation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "label", "stored"),
    [
        ("fr", "Soumettre à la relecture", "à Documentation"),
        ("en", "Submit to Documentation review", "to la relecture"),
    ],
)
def test_the_submit_button_names_the_review_in_the_editor_language(
    client, editor, language, label, stored
):
    page = fault_code(site_with_documentation()["codes"], [ApplianceFactory()])
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert label in body
    assert stored not in body
