"""Issue 18's isolation, with the project's helpers: every after-sales page
built on a unit, a visit (its report and photo), a claim (its photo), a
safety notice or a triage of another organisation answers 404 to every role
of ours, and of another customer to a customer, showing none of its data."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.aftersales.models import UnitNotice
from accounts.aftersales.services.visit_photos import visit_photos_add
from accounts.aftersales.services.visits import VisitDetails, visit_record
from accounts.network.models import Role
from tests.accounts.aftersales.factories import (
    filed_claim,
    safety_notice,
    unit_with_part,
)
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    MembershipFactory,
    UserFactory,
    picture,
)
from tests.isolation import assert_hidden_from_customer, assert_isolated
from tests.pages.factories import fault_code, site_with_documentation

pytestmark = pytest.mark.django_db

SERIAL, SURNAME, SYMPTOM = "KX-7731", "Kerguelen", "Goutte à goutte sous le bac"


@pytest.fixture
def theirs(other_organisation):
    """A unit of the other organisation's customer, with all after-sales
    hangs on it: a visit with a photo, a claim with a photo, a safety
    notice, a fault code page for its appliance."""
    technician = MembershipFactory(
        organisation=other_organisation, role=Role.TECHNICIAN
    ).user
    customer = CustomerFactory(
        user=UserFactory(), last_name=SURNAME, shares_record=True
    )
    unit, part = unit_with_part(
        other_organisation, customer=customer, serial_number=SERIAL
    )
    photos = visit_photos_add(
        organisation=other_organisation, by=technician, kept=[], uploads=[picture()]
    ).photos
    visit = visit_record(
        installation=unit,
        by=technician,
        details=VisitDetails(
            kind="repair",
            visited_on=timezone.localdate() - timedelta(days=1),
            fault_code="E12",
            notes=SYMPTOM,
            signed_by=f"Anne {SURNAME}",
        ),
        photos=photos,
    )
    claim = filed_claim(unit, part, by=technician, symptom=SYMPTOM, photos=[picture()])
    fault_code(site_with_documentation()["codes"], [unit.appliance], code="E12")
    notice = safety_notice([unit.appliance], title="Avis raccord")
    return {
        "technician": technician,
        "unit": unit,
        "visit": visit,
        "claim": claim,
        "row": UnitNotice.objects.get(notice=notice, installation=unit),
    }


def _reseller_urls(theirs) -> list[tuple[str, tuple[str, ...]]]:
    unit, visit, claim = theirs["unit"], theirs["visit"], theirs["claim"]
    both = ("get", "post")
    return [
        (reverse("installation_detail", args=[unit.pk]), ("get",)),
        (reverse("visit_new", args=[unit.pk]), both),
        (reverse("visit_report_pdf", args=[visit.pk]), both),
        (reverse("visit_photo", args=[visit.photos.get().token]), both),
        (reverse("claim_new", args=[unit.pk]), both),
        (reverse("claim_detail", args=[claim.pk]), both),
        (reverse("claim_photo", args=[claim.photos.get().token]), both),
        (reverse("unit_notice", args=[theirs["row"].pk]), both),
    ]


def _opens(user, urls) -> None:
    """The pages do open for their own people: the 404s are not a broken
    world."""
    client = Client()
    client.force_login(user)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_another_organisations_after_sales_answer_404_to_every_role(
    organisation, theirs
):
    _opens(theirs["technician"], [url for url, _methods in _reseller_urls(theirs)])
    for url, methods in _reseller_urls(theirs):
        assert_isolated(
            url,
            viewer_organisation=organisation,
            hidden_texts=[SERIAL, SURNAME, SYMPTOM],
            methods=methods,
        )
    theirs["row"].refresh_from_db()
    assert theirs["row"].read_at is None and theirs["row"].done_at is None


def test_another_customers_after_sales_answer_404_to_a_customer(theirs):
    # Another customer of the same installer, with a unit of the same model.
    unit = theirs["unit"]
    stranger = CustomerFactory(user=UserFactory(), shares_record=True)
    InstallationFactory(
        organisation=unit.organisation, appliance=unit.appliance, customer=stranger
    )
    both = ("get", "post")
    own = [
        reverse("customer_installation", args=[unit.pk]),
        reverse("customer_fault_codes", args=[unit.pk]),
        reverse("customer_fault_code", args=[unit.pk, "E12"]),
        reverse("customer_notice", args=[theirs["row"].pk]),
        reverse("visit_report_pdf", args=[theirs["visit"].pk]),
        reverse("visit_photo", args=[theirs["visit"].photos.get().token]),
    ]
    _opens(unit.customer.user, own)
    UnitNotice.objects.filter(pk=theirs["row"].pk).update(customer_read_at=None)
    urls = [
        (reverse("customer_installation", args=[unit.pk]), ("get",)),
        (reverse("customer_fault_codes", args=[unit.pk]), ("get",)),
        (reverse("customer_fault_code", args=[unit.pk, "E12"]), ("get",)),
        (reverse("customer_visit_ask", args=[unit.pk, "E12"]), ("post",)),
        (reverse("customer_notice", args=[theirs["row"].pk]), both),
        *_reseller_urls(theirs),
    ]
    for url, methods in urls:
        assert_hidden_from_customer(
            url,
            viewer=stranger.user,
            hidden_texts=[SERIAL, SURNAME, SYMPTOM],
            methods=methods,
        )
    theirs["row"].refresh_from_db()
    assert theirs["row"].customer_read_at is None
    assert not unit.callbacks.exists()
