"""Small after-sales set-ups: a unit with its checklist, a drawn signature."""

import base64
import io

from PIL import Image, ImageDraw

from ordering.catalogue.models import ServiceChecklistItem


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
