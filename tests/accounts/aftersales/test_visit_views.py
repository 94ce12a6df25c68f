"""The visit form on a phone, the report PDF and who reaches them: the form
keeps what was typed, refuses bad input with a message (never a 500), and
another organisation's or customer's unit answers 404."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.aftersales.models import ServiceVisit, VisitPhoto
from accounts.aftersales.services.visits import VisitDetails, visit_record
from accounts.network.models import Role
from tests.accounts.aftersales.factories import signature_url
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    MembershipFactory,
    UserFactory,
    picture,
)
from tests.isolation import assert_isolated

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _form(points, cartridge, unit, **changes) -> dict:
    check, measure = points
    return {
        "kind": "repair",
        "visited_on": "2026-03-02",
        f"check_{check.pk}": "on",
        f"measure_{measure.pk}": "3.5",
        "consumables": [str(unit.consumables.get().pk)],
        "parts": [str(cartridge.pk)],
        f"part_qty_{cartridge.pk}": "2",
        "fault_code": "E12",
        "fixed": "yes",
        "notes": "Détartrage complet du réservoir.",
        "signature": signature_url(),
        "signed_by": "Élodie Martin",
        **changes,
    }


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def _images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(BytesIO(content)).pages)


def test_who_may_open_the_form(client, unit, technician, owner, buyer, agent):
    url = reverse("visit_new", args=[unit.pk])
    for user, status in (
        (technician, 200),
        (owner, 200),
        (buyer, 403),
        (agent, 404),
        (unit.customer.user, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.post(url, {}).status_code in {status, 400}, user
    assert not ServiceVisit.objects.exists()


def test_recording_a_visit_from_the_phone_form(
    client, unit, technician, points, cartridge
):
    client.force_login(technician)
    url = reverse("visit_new", args=[unit.pk])
    page = client.get(url).content.decode()
    assert "Joints sans fuite" in page and "bar" in page
    response = client.post(url, {**_form(points, cartridge, unit), "photos": picture()})
    visit = ServiceVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#visit-{visit.pk}")
    assert visit.checklist[1]["value"] == "3.5"
    assert visit.fixed is True and visit.photos.count() == 1
    assert visit.parts.get().quantity == 2
    unit_page = client.get(reverse("installation_detail", args=[unit.pk]))
    assert reverse("visit_report_pdf", args=[visit.pk]) in unit_page.content.decode()


def test_a_refusal_keeps_what_was_typed_and_the_photos(
    client, unit, technician, points, cartridge
):
    client.force_login(technician)
    data = _form(points, cartridge, unit, visited_on="2026-01-01")
    response = client.post(
        reverse("visit_new", args=[unit.pk]), {**data, "photos": picture()}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "before the installation" in page
    assert "Détartrage complet du réservoir." in page
    assert 'value="Élodie Martin"' in page and data["signature"] in page
    photo = VisitPhoto.objects.get()
    assert f'name="photo" value="{photo.token}"' in page
    # Sent again, corrected: the photo kept is attached.
    data = {**data, "visited_on": "2026-03-02", "photo": photo.token}
    client.post(reverse("visit_new", args=[unit.pk]), data)
    assert ServiceVisit.objects.get().photos.get() == photo


@pytest.mark.parametrize(
    "changes",
    [
        {"fault_code": "E" * 5000},
        {"notes": "x" * 100_000},
        {"parts": ["abc"]},
        {"consumables": ["99999999999999999999"]},
        {"measure": "abc"},
        {"visited_on": "2026-02-31"},
        {"kind": "party"},
        {"signature": "data:image/png;base64,\x00"},
        {"signature": "x" * 600_000},
    ],
)
def test_bad_input_is_refused_clearly_never_with_a_500(
    client, unit, technician, points, cartridge, changes
):
    client.force_login(technician)
    if "measure" in changes:
        changes = {f"measure_{points[1].pk}": changes["measure"]}
    data = _form(points, cartridge, unit, **changes)
    response = client.post(reverse("visit_new", args=[unit.pk]), data)
    assert response.status_code == 400
    assert "The visit is not recorded yet" in response.content.decode()
    assert not ServiceVisit.objects.exists()


def test_a_nul_byte_is_dropped_before_the_form_sees_it(
    client, unit, technician, points, cartridge
):
    client.force_login(technician)
    data = _form(points, cartridge, unit, notes="Joint\x00 changé")
    assert client.post(reverse("visit_new", args=[unit.pk]), data).status_code == 302
    assert ServiceVisit.objects.get().notes == "Joint changé"


def test_another_organisations_unit_and_visit_answer_404(
    unit, technician, other_organisation
):
    visit = visit_record(
        installation=unit,
        by=technician,
        details=VisitDetails(
            kind="maintenance",
            visited_on=unit.installed_on,
            signed_by="Élodie Martin",
        ),
    )
    for url in (
        reverse("visit_new", args=[unit.pk]),
        reverse("visit_report_pdf", args=[visit.pk]),
    ):
        assert_isolated(
            url, viewer_organisation=other_organisation, hidden_texts=["SN-4242"]
        )


def test_the_report_pdf_shows_the_visit(
    client, unit, technician, points, cartridge, agent
):
    client.force_login(technician)
    client.post(
        reverse("visit_new", args=[unit.pk]),
        {**_form(points, cartridge, unit), "photos": picture()},
    )
    visit = ServiceVisit.objects.get()
    url = reverse("visit_report_pdf", args=[visit.pk])
    # The reseller, the network's staff and the customer (their own unit).
    for user in (technician, agent, unit.customer.user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for shown in (
        "Joints sans fuite",
        "Pression d’entrée",
        "3.5 bar",
        "Cartouche anticalcaire",
        "E12",
        "Détartrage complet du réservoir.",
        "Élodie Martin",
        "SN-4242",
    ):
        assert shown in text, shown
    assert _images(response.content) >= 2  # the photo and the signature


def test_another_customer_gets_404_on_the_report(client, unit, technician, appliance):
    visit = visit_record(
        installation=unit,
        by=technician,
        details=VisitDetails(
            kind="maintenance", visited_on=unit.installed_on, signed_by="É. Martin"
        ),
    )
    stranger = CustomerFactory(user=UserFactory())
    InstallationFactory(customer=stranger, appliance=appliance)
    client.force_login(stranger.user)
    assert client.get(reverse("visit_report_pdf", args=[visit.pk])).status_code == 404


def test_a_visit_photo_is_shown_to_those_who_see_the_visit(
    client, unit, technician, organisation, other_organisation
):
    client.force_login(technician)
    client.post(
        reverse("visit_new", args=[unit.pk]),
        {
            "kind": "maintenance",
            "visited_on": "2026-03-02",
            "signed_by": "É. M.",
            "photos": picture(),
        },
    )
    photo = VisitPhoto.objects.get()
    assert photo.visit is not None
    url = reverse("visit_photo", args=[photo.token])
    assert client.get(url)["Content-Type"] == "image/jpeg"
    client.force_login(unit.customer.user)
    assert client.get(url).status_code == 200
    other = MembershipFactory(organisation=other_organisation, role=Role.OWNER).user
    client.force_login(other)
    assert client.get(url).status_code == 404
