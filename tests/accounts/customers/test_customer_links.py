"""The page where a customer answers an installer's request to join an
installation to their record: no login, the e-mailed link is the key."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.customers.models import Customer, CustomerLink
from accounts.network.models import hash_token
from tests.accounts.factories import CustomerFactory, InstallationFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-token-of-forty-three-characters-or-so-xyz"


@pytest.fixture
def link(organisation, other_organisation):
    existing = CustomerFactory(last_name="Martin-Durand", phone="04 78 00 11 22")
    InstallationFactory(organisation=other_organisation, customer=existing)
    separate = CustomerFactory(last_name="Martin", email="", postcode="69300")
    installation = InstallationFactory(organisation=organisation, customer=separate)
    return CustomerLink.objects.create(
        customer=separate,
        existing=existing,
        organisation=organisation,
        installation=installation,
        email=existing.email,
        token_hash=hash_token(TOKEN),
        expires_at=timezone.now() + timedelta(days=30),
    )


def _url(token=TOKEN):
    return reverse("customer_link", args=[token])


def test_the_page_names_the_installer_and_the_town_only(client, link):
    body = client.get(_url()).content.decode()
    assert link.organisation.name in body and "69300" in body
    # Nothing of the existing record is shown to whoever holds the link.
    assert "Martin-Durand" not in body and "04 78 00 11 22" not in body


def test_accepting_joins_the_records_and_the_link_then_says_it_was_used(client, link):
    response = client.post(_url(), {"answer": "accept"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.state == CustomerLink.State.ACCEPTED
    assert link.installation.customer_id == link.existing_id
    assert Customer.objects.count() == 1
    again = client.post(_url(), {"answer": "decline"})
    assert again.status_code == 409
    link.refresh_from_db()
    assert link.state == CustomerLink.State.ACCEPTED


def test_declining_changes_nothing_on_either_record(client, link):
    client.post(_url(), {"answer": "decline"})
    link.refresh_from_db()
    assert link.state == CustomerLink.State.DECLINED
    assert link.installation.customer_id == link.customer_id
    assert Customer.objects.count() == 2


def test_an_unknown_answer_changes_nothing(client, link):
    assert client.post(_url(), {"answer": "maybe"}).status_code == 302
    link.refresh_from_db()
    assert link.state == CustomerLink.State.PENDING


def test_an_expired_link_says_so_and_joins_nothing(client, link):
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    assert client.get(_url()).status_code == 410
    assert client.post(_url(), {"answer": "accept"}).status_code == 409
    link.refresh_from_db()
    assert link.state == CustomerLink.State.PENDING
    assert Customer.objects.count() == 2


@pytest.mark.parametrize("token", ["nope", "x" * 5000, "%00"])
def test_a_link_nobody_sent_is_not_found(client, link, token):
    assert client.get(_url(token)).status_code == 404
    assert client.post(_url(token), {"answer": "accept"}).status_code == 404
