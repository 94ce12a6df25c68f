"""Small after-sales set-ups: a unit with its checklist, a drawn signature;
safety notices published through a revision, as the review workflow's last
step does."""

import base64
import io

from PIL import Image, ImageDraw
from wagtail.models import Page

from ordering.catalogue.models import ServiceChecklistItem
from pages.models import HomePage, SafetyNoticeIndexPage, SafetyNoticePage
from tests.pages.factories import publish


def checklist(appliance) -> tuple[ServiceChecklistItem, ServiceChecklistItem]:
    """A check and a measurement on the appliance's visit checklist."""
    check = ServiceChecklistItem.objects.create(
        appliance=appliance, label="Joints sans fuite", sort_order=0
    )
    measure = ServiceChecklistItem.objects.create(
        appliance=appliance,
        label="Pression d’entrée",
        kind=ServiceChecklistItem.Kind.MEASURE,
        unit="bar",
        sort_order=1,
    )
    return check, measure


def signature_png(size=(300, 100)) -> bytes:
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 80), (150, 20), (290, 70)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signature_url(content: bytes | None = None) -> str:
    content = signature_png() if content is None else content
    return "data:image/png;base64," + base64.b64encode(content).decode("ascii")


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
