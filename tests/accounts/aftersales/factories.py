"""Safety notices for tests: a notice folder and notices published through a
revision, as the review workflow's last step does."""

from wagtail.models import Page

from pages.models import HomePage, SafetyNoticeIndexPage, SafetyNoticePage
from tests.pages.factories import publish


def notice_folder(home: Page | None = None) -> SafetyNoticeIndexPage:
    """The folder of safety notices under the site's home (made if need be)."""
    if home is None:
        home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Oxyplus", slug="oxyplus")
        Page.get_first_root_node().add_child(instance=home)
    found = SafetyNoticeIndexPage.objects.first()
    if found is not None:
        return found
    return publish(home, SafetyNoticeIndexPage(title="Avis de sécurité", slug="avis"))


def safety_notice(appliances, *, folder=None, user=None, **fields) -> SafetyNoticePage:
    """A notice on ``appliances``, published (which sends it)."""
    defaults = {
        "title": "Remplacer le raccord de la vanne",
        "slug": f"avis-{SafetyNoticePage.objects.count() + 1}",
        "action_required": "<p>Remplacer le raccord par la pièce RV-2.</p>",
        "due_days": 30,
    }
    notice = SafetyNoticePage(**{**defaults, **fields})
    notice.appliances = list(appliances)
    return publish(folder or notice_folder(), notice, user=user)
