"""Workflow and task names in the reader's language.

Wagtail stores a workflow's and a task's name as one plain text (migration
0003 created both as "Documentation review") and prints it as is in about
twenty places of Wagtail 8.0: the "Submit to …" button, the status side
panel and its dialog, the page's workflow history, the admin's home panels,
the workflow reports, the lock messages, the page history's log lines and
the notification e-mails. The admin is used in French and in English, so the
stored name stays the English key and is printed in the language of whoever
reads it:

- every ``Workflow`` and ``Task`` (and its subclasses) loaded from the
  database gets its name as a ``WorkflowName`` (``post_init``, connected in
  ``pages.signals``): a ``str`` that compares, hashes, serialises to JSON and
  saves as the stored text but prints (templates, ``%`` formatting, ``str``)
  as its translation; the log entries of workflow actions get the names they
  copied the same way. No Wagtail template or view is overridden, so a
  Wagtail upgrade keeps working; Wagtail offers no hook for these names.
- the "Submit to …" button reads "Soumettre à la relecture"
  (``construct_page_action_menu``): after "à" the name takes an article.

The workflow's own edit form (superusers) shows the name translated too; a
name saved back in French is read as its English key again when loaded, so
nobody ends up reading the other language.
"""

from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy
from wagtail.admin.action_menu import SubmitForModerationMenuItem

DOCUMENTATION_REVIEW = "Documentation review"

# Stored name → its translation, wherever Wagtail prints it.
NAMES = {
    DOCUMENTATION_REVIEW: pgettext_lazy("workflow name", "Documentation review"),
}
# Stored name → as read after Wagtail's "Submit to " / "Resubmit to ".
AFTER_SUBMIT_TO = {
    DOCUMENTATION_REVIEW: pgettext_lazy(
        "workflow, after 'Submit to'", "Documentation review"
    ),
}


class WorkflowName(str):
    """A stored workflow or task name that prints in the reader's language."""

    def __str__(self):
        stored = str.__str__(self)
        shown = NAMES.get(stored)
        return stored if shown is None else str(shown)


@lru_cache(maxsize=1)
def _keys_by_translation() -> dict[str, str]:
    """Each translation of a name → its stored key, in every language."""
    keys = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.update({str(shown): stored for stored, shown in NAMES.items()})
    return keys


def _translated(value):
    if type(value) is not str:
        return value
    return WorkflowName(_keys_by_translation().get(value, value))


def workflow_names_translated(sender, instance, **kwargs) -> None:
    """``post_init`` of Workflow and Task: the name prints translated."""
    if "name" in instance.__dict__:  # not deferred
        instance.__dict__["name"] = _translated(instance.__dict__["name"])


def log_names_translated(sender, instance, **kwargs) -> None:
    """``post_init`` of log entries: a workflow action's line ("'Documentation
    review' started…") names the workflow and its tasks translated."""
    data = instance.__dict__.get("data")
    workflow = data.get("workflow") if isinstance(data, dict) else None
    if not isinstance(workflow, dict):
        return
    for part in (workflow, workflow.get("task"), workflow.get("next")):
        if isinstance(part, dict) and "title" in part:
            part["title"] = _translated(part["title"])


def workflow_label(label: str) -> str:
    """A "Submit to …" button label naming the workflow as read after "to"."""
    for stored, shown in AFTER_SUBMIT_TO.items():
        for printed in (str(NAMES[stored]), stored):
            label = label.replace(printed, str(shown))
    return label


class SubmitToReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit button, naming the workflow in the reader's language."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = workflow_label(str(context["label"]))
        return context
