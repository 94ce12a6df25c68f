"""The review workflow and its task read in the editor's language: the submit
button, the status panel, the histories, the admin's home and reports."""

from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

from pages.workflows import DOCUMENTATION_REVIEW
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


def _in_review(editor):
    """A fault code submitted to the documentation review by ``editor``."""
    page = fault_code(site_with_documentation()["codes"], [ApplianceFactory()])
    page.save_revision(user=editor)
    state = Workflow.objects.get(name=DOCUMENTATION_REVIEW).start(page, editor)
    return page, state


def _admin_in(client, user, language: str) -> None:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("fr", "Relecture de la documentation", "Documentation review"),
        ("en", "Documentation review", "Relecture de la documentation"),
    ],
)
def test_the_workflow_and_its_task_read_in_the_editor_language(
    client, editor, language, shown, hidden
):
    page, state = _in_review(editor)
    _admin_in(client, editor, language)
    screens = {
        "edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "workflow history": reverse(
            "wagtailadmin_pages:workflow_history", args=[page.pk]
        ),
        "workflow detail": reverse(
            "wagtailadmin_pages:workflow_history_detail", args=[page.pk, state.pk]
        ),
        "page history": reverse("wagtailadmin_pages:history", args=[page.pk]),
        "admin home": reverse("wagtailadmin_home"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
    }
    for screen, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, screen
        body = unescape(response.content.decode())
        assert shown in body, screen
        assert hidden not in body, screen


def test_the_stored_names_stay_the_english_keys(editor):
    """Saved again by a French editor, the rows keep the stored name."""
    _page, state = _in_review(editor)
    with translation.override("fr"):
        workflow = Workflow.objects.get(pk=state.workflow_id)
        assert str(workflow.name) == "Relecture de la documentation"
        workflow.save()
        task = Task.objects.get(name=DOCUMENTATION_REVIEW).specific
        task.save()
    assert Workflow.objects.filter(name=DOCUMENTATION_REVIEW).exists()
    assert Task.objects.filter(name=DOCUMENTATION_REVIEW).count() == 1


def test_a_name_saved_in_french_reads_in_english_for_an_english_editor(editor):
    """A French superuser who saves the workflow's form stores the French name;
    it is read as the English key again."""
    _page, state = _in_review(editor)
    Workflow.objects.filter(pk=state.workflow_id).update(
        name="Relecture de la documentation"
    )
    with translation.override("en"):
        assert str(Workflow.objects.get(pk=state.workflow_id).name) == (
            DOCUMENTATION_REVIEW
        )
    with translation.override("fr"):
        assert str(Workflow.objects.get(pk=state.workflow_id).name) == (
            "Relecture de la documentation"
        )


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("fr", "Relecture de la documentation", "Documentation review"),
        ("en", "Documentation review", "Relecture de la documentation"),
    ],
)
def test_the_reviewer_s_e_mail_names_the_review_in_their_language(
    editor, reviewer, mailoutbox, language, shown, hidden
):
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = language
    profile.save()
    _in_review(editor)
    sent = [m for m in mailoutbox if reviewer.email in m.to]
    assert sent
    text = unescape(sent[-1].subject + sent[-1].body)
    assert shown in text
    assert hidden not in text
