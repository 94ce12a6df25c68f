"""The review workflow's name in the reader's language.

Wagtail stores a workflow's and a task's name as plain text (migration 0003
created both as "Documentation review") and writes it into its buttons as
is: French editors read "Soumettre à Documentation review". The admin is
used in both languages, so the stored name stays the English key and the
"Submit to …" / "Resubmit to …" button (``construct_page_action_menu``)
shows its translation: "Soumettre à la relecture".
Wagtail offers no hook for the other places that name a workflow (the
status side panel, the workflow reports): those still read the stored name.
"""

from django.utils.translation import pgettext_lazy
from wagtail.admin.action_menu import SubmitForModerationMenuItem

DOCUMENTATION_REVIEW = "Documentation review"

# Stored name → as read after Wagtail's "Submit to " / "Resubmit to ".
SHOWN_NAMES = {
    DOCUMENTATION_REVIEW: pgettext_lazy(
        "workflow, after 'Submit to'", "Documentation review"
    ),
}


def workflow_label(label: str) -> str:
    """A Wagtail button label with the stored workflow or task names translated."""
    for stored, shown in SHOWN_NAMES.items():
        label = label.replace(stored, str(shown))
    return label


class SubmitToReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit button, naming the workflow in the reader's language."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = workflow_label(str(context["label"]))
        return context
