"""The reseller's claim pages: filed from a unit's page (pre-filled from a
visit), listed for the organisation, each with its timeline; another
organisation's claim or unit answers 404; the list's queries do not grow
with the number of claims."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.aftersales.models import ServiceVisit, VisitPart, WarrantyClaim
from accounts.aftersales.services.claims import claim_approve
from tests.accounts.aftersales.factories import filed_claim, unit_with_part, workshop
from tests.accounts.factories import picture
from tests.isolation import assert_isolated

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def unit(organisation):
    workshop(organisation)
    return unit_with_part(organisation)


def test_the_unit_page_offers_to_claim_and_lists_its_claims(client, technician, unit):
    installation, part = unit
    claim = filed_claim(installation, part, by=technician)
    client.force_login(technician)
    page = client.get(reverse("installation_detail", args=[installation.pk]))
    body = page.content.decode()
    assert reverse("claim_new", args=[installation.pk]) in body
    assert reverse("claim_detail", args=[claim.pk]) in body


def test_a_buyer_sees_no_claim_panel(client, buyer, unit):
    installation, _part = unit
    client.force_login(buyer)
    page = client.get(reverse("installation_detail", args=[installation.pk]))
    assert page.status_code == 200
    assert reverse("claim_new", args=[installation.pk]) not in page.content.decode()


def test_filing_from_the_form(client, technician, unit, mailoutbox):
    installation, part = unit
    client.force_login(technician)
    url = reverse("claim_new", args=[installation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "part": part.pk,
            "quantity": 1,
            "fault_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "fault_code": "E12",
            "symptom": "Plus d’eau chaude",
            "photos": [picture()],
        },
    )
    claim = WarrantyClaim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claim_detail", args=[claim.pk])
    assert claim.photos.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Plus d’eau chaude" in page
    assert reverse("claim_photo", args=[claim.photos.get().token]) in page


def test_out_of_warranty_shows_the_reason_on_the_form(client, technician, organisation):
    installation, part = unit_with_part(organisation, installed_days_ago=900)
    client.force_login(technician)
    response = client.post(
        reverse("claim_new", args=[installation.pk]),
        {
            "part": part.pk,
            "quantity": 1,
            "fault_on": timezone.localdate().isoformat(),
            "symptom": "Fuite",
        },
    )
    assert response.status_code == 400
    assert "warranty ended" in response.content.decode()
    assert not WarrantyClaim.objects.exists()


def test_a_visit_prefills_the_form(client, technician, unit):
    installation, part = unit
    visit = ServiceVisit.objects.create(
        token="v" * 32,
        installation=installation,
        organisation=installation.organisation,
        kind=ServiceVisit.Kind.REPAIR,
        visited_on=timezone.localdate() - timedelta(days=3),
        fault_code="E42",
        fixed=False,
    )
    VisitPart.objects.create(visit=visit, part=part, quantity=2)
    client.force_login(technician)
    page = client.get(
        reverse("claim_new", args=[installation.pk]) + f"?visit={visit.pk}"
    )
    form = page.context["form"]
    assert form.initial["fault_code"] == "E42"
    assert form.initial["part"] == part.pk
    assert form.initial["quantity"] == 2
    assert form.initial["fault_on"] == visit.visited_on


def test_the_list_shows_the_organisations_claims_only(
    client, technician, unit, other_organisation
):
    installation, part = unit
    mine = filed_claim(installation, part, by=technician)
    theirs_unit, theirs_part = unit_with_part(other_organisation)
    theirs = filed_claim(theirs_unit, theirs_part)
    client.force_login(technician)
    body = client.get(reverse("claims")).content.decode()
    assert reverse("claim_detail", args=[mine.pk]) in body
    assert reverse("claim_detail", args=[theirs.pk]) not in body
    assert theirs_unit.serial_number not in body


def test_an_empty_list_says_how_to_claim(client, technician):
    client.force_login(technician)
    page = client.get(reverse("claims"))
    assert page.status_code == 200
    assert "No warranty claim yet" in page.content.decode() or (
        "Aucune" in page.content.decode()
    )


def test_another_organisations_claim_and_unit_answer_404(
    organisation, other_organisation
):
    workshop(other_organisation)
    installation, part = unit_with_part(other_organisation)
    claim = filed_claim(installation, part, photos=[picture()])
    hidden = [installation.serial_number, claim.symptom]
    for url in (
        reverse("claim_detail", args=[claim.pk]),
        reverse("claim_new", args=[installation.pk]),
        reverse("claim_photo", args=[claim.photos.get().token]),
    ):
        assert_isolated(url, viewer_organisation=organisation, hidden_texts=hidden)


def test_a_customer_never_opens_a_claim(client, unit, technician):
    from tests.accounts.factories import UserFactory

    installation, part = unit
    claim = filed_claim(installation, part, by=technician)
    customer_user = UserFactory()
    installation.customer.user = customer_user
    installation.customer.consent_recorded_at = timezone.now()
    installation.customer.save()
    client.force_login(customer_user)
    assert client.get(reverse("claim_detail", args=[claim.pk])).status_code == 404
    assert client.get(reverse("claims")).status_code == 404


def _claims(installation, part, by, count):
    for _ in range(count):
        filed_claim(installation, part, by=by)


def test_the_list_costs_the_same_queries_with_ten_times_the_claims(
    client, technician, unit, manager
):
    installation, part = unit
    _claims(installation, part, technician, 2)
    claim_approve(claim=WarrantyClaim.objects.first(), by=manager)
    client.force_login(technician)
    client.get(reverse("claims"))  # the session and caches warm up
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("claims"))
    _claims(installation, part, technician, 18)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("claims"))
    print(f"\nQUERIES claims list 1x={len(few)} 10x={len(many)}")
    assert len(many) == len(few)
    assert page.context["page"].paginator.count == 20


def test_the_installations_tab_leads_to_the_claims_for_their_holders(
    client, technician, buyer
):
    client.force_login(technician)
    assert reverse("claims") in client.get(reverse("installations")).content.decode()
    client.force_login(buyer)
    assert (
        reverse("claims") not in client.get(reverse("installations")).content.decode()
    )
