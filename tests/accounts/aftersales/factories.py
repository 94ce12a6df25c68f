"""Small after-sales set-ups: a unit with its checklist, a drawn signature;
safety notices published through a revision, as the review workflow's last
step does; warranty claims filed and decided through the real services."""

import base64
import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.models import Page

from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claims import claim_file
from accounts.customers.models import Installation
from accounts.network.models import Organisation, OrganisationAddress, Role, User
from ordering.catalogue.models import ServiceChecklistItem
from pages.models import HomePage, SafetyNoticeIndexPage, SafetyNoticePage
from tests.accounts.factories import InstallationFactory, MembershipFactory
from tests.ordering.factories import (
    ApplianceFactory,
    CompatibilityFactory,
    stocked,
)
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


def workshop(organisation: Organisation) -> OrganisationAddress:
    return OrganisationAddress.objects.create(
        organisation=organisation,
        kind=OrganisationAddress.Kind.DELIVERY,
        label="Atelier",
        line1="12 rue de la Charité",
        postcode="69002",
        city="Lyon",
    )


def unit_with_part(
    organisation: Organisation, *, installed_days_ago: int = 100, **fields
) -> tuple[Installation, object]:
    """A unit the organisation installed ``installed_days_ago``, and a spare
    part in stock that fits its appliance."""
    appliance = ApplianceFactory()
    part = stocked(name="Électrovanne", replacement_interval_months=None)
    CompatibilityFactory(appliance=appliance, part=part)
    installation = InstallationFactory(
        organisation=organisation,
        appliance=appliance,
        installed_on=timezone.localdate() - timedelta(days=installed_days_ago),
        **fields,
    )
    return installation, part


def filed_claim(
    installation: Installation, part, *, by: User | None = None, **fields
) -> WarrantyClaim:
    by = (
        by
        or MembershipFactory(
            organisation=installation.organisation, role=Role.TECHNICIAN
        ).user
    )
    data = {
        "quantity": 1,
        "fault_on": timezone.localdate() - timedelta(days=2),
        "symptom": "Fuite au niveau de la vanne",
        "fault_code": "E12",
        **fields,
    }
    return claim_file(installation=installation, by=by, part=part, **data)
