"""The customer space: a code by email instead of a password, one's own
record only, the schedule, documents, reorders credited to the installer,
and corrections every channel sees."""

import re
from datetime import date, timedelta
from html import escape, unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.customers.models import Installation
from accounts.customers.schedule import add_months
from accounts.customers.services.installation_photos import photo_upload
from ordering.orders.models import Order
from ordering.stock.models import StockLevel
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    fitted,
    picture,
)
from tests.ordering.factories import stocked
from tests.pages.factories import fault_code, manual, site_with_documentation

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_client(client, recorded):
    client.force_login(recorded.customer.user)
    return client


def test_the_customer_signs_in_with_a_code_sent_by_email(client, recorded):
    (invitation,) = mail.outbox
    login_url = re.search(r"https?://\S+/accounts/login/code/", invitation.body)[0]
    response = client.post(
        login_url.split("8000", 1)[-1], {"email": "elodie.martin@example.test"}
    )
    assert response.status_code == 302
    code_mail = mail.outbox[-1]
    # allauth's code: letters and digits in dashed groups ("K7QM-3XPA").
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*)\s*$", code_mail.body, re.M)[
        1
    ]
    response = client.post(response["Location"], {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("customer_home")
    page = response.content.decode()
    assert "AquaPure 300" in page and "SN-4242" in page
    # The code proved the address: no "you have confirmed…" beside the welcome.
    assert "Vous avez confirmé" not in page


def test_customers_find_the_code_sign_in_from_the_login_page(client):
    login = client.get(reverse("account_login")).content.decode()
    code_url = reverse("account_request_login_code")
    assert f'href="{code_url}"' in login
    assert "Je suis client" in login

    page = client.get(code_url).content.decode()
    brand = page.split('class="brand__sub">', 1)[1].split("</span>", 1)[0]
    assert brand == "Espace client"
    assert "Portail revendeurs" not in page
    # And the way back for a reseller who clicked it by mistake.
    assert f'href="{reverse("account_login")}"' in page


def test_the_code_page_keeps_where_the_customer_was_going(client):
    target = reverse("customer_home")
    login = client.get(reverse("account_login"), {"next": target}).content.decode()
    code_url = reverse("account_request_login_code")
    assert f'href="{code_url}?next={target}"' in login


def _schedule_row(page: str, reference: str) -> str:
    """The schedule's table row of the part with this reference."""
    (row,) = [r for r in page.split("<tr>") if f'class="ref">{reference}<' in r]
    return row


def test_the_space_shows_the_schedule_with_what_is_overdue(customer_client, recorded):
    today = timezone.localdate()
    # Each part's next change is set around today, whatever day the run is.
    for reference, due_on in [
        ("CAR-LATE", today - timedelta(days=10)),
        ("CAR-SOON", today + timedelta(days=10)),
        ("CAR-FINE", today + timedelta(days=120)),
    ]:
        fitted(
            recorded,
            stocked(reference=reference, replacement_interval_months=6),
            last_changed_on=add_months(due_on, -6),
        )

    page = customer_client.get(reverse("customer_home")).content.decode()

    # Fitted on 25 May 2026, every 6 months: due on 25 November 2026 (French,
    # the site's default language).
    assert "25 novembre 2026" in _schedule_row(page, "CAR-AQP-01")
    late = _schedule_row(page, "CAR-LATE")
    assert "due--overdue" in late and "badge--overdue" in late
    assert "due--soon" not in late
    soon = _schedule_row(page, "CAR-SOON")
    assert "due--soon" in soon and "badge--soon" in soon
    assert "due--overdue" not in soon
    fine = _schedule_row(page, "CAR-FINE")
    assert "due--later" in fine
    assert "overdue" not in fine and "soon" not in fine


def test_the_installer_and_the_documents_of_the_appliance(
    customer_client, recorded, organisation, appliance
):
    organisation.phone = "04 78 00 00 00"
    organisation.save()
    tree = site_with_documentation()
    manual(tree["index"], appliance, title="Notice simplifiée AquaPure 300")
    code = fault_code(tree["codes"], [appliance], code="E12")
    page = customer_client.get(
        reverse("customer_installation", args=[recorded.pk])
    ).content.decode()
    assert "04 78 00 00 00" in page
    manual_page = customer_client.get(reverse("customer_manual", args=[recorded.pk]))
    assert "Notice simplifiée AquaPure 300" in manual_page.content.decode()
    codes = customer_client.get(
        reverse("customer_fault_codes", args=[recorded.pk])
    ).content.decode()
    assert "E12" in codes
    detail = customer_client.get(
        reverse("customer_fault_code", args=[recorded.pk, "e12"])
    ).content.decode()
    assert escape(code.symptom) in detail
    # The reseller's documentation pages themselves stay closed to customers.
    assert customer_client.get(code.url).status_code == 404


def test_a_customer_sees_nobody_elses_record_photo_or_order(
    customer_client, recorded, organisation, other_owner, other_organisation
):
    other = InstallationFactory(
        organisation=other_organisation,
        customer=CustomerFactory(last_name="Kerguelen"),
    )
    photo = photo_upload(
        organisation=other_organisation, by=other_owner, upload=picture()
    )
    photo.installation = other
    photo.save()
    for url in (
        reverse("customer_installation", args=[other.pk]),
        reverse("customer_manual", args=[other.pk]),
        reverse("customer_installation_reorder", args=[other.pk]),
        reverse("installation_photo", args=[photo.token]),
        reverse("installation_detail", args=[recorded.pk]),
        reverse("installations"),
        reverse("customer_list"),
    ):
        response = customer_client.get(url)
        assert response.status_code == 404, url
        assert "Kerguelen" not in response.content.decode()


def test_reordering_a_due_consumable_is_a_web_sale_credited_to_the_installer(
    customer_client, recorded, cartridge, organisation, client, buyer
):
    url = reverse("customer_installation_reorder", args=[recorded.pk])
    form = customer_client.get(url)
    assert f'name="qty_{cartridge.pk}" value="1"' in form.content.decode()
    data = {
        "submission_key": "reorder-1",
        "payment_method": Order.PaymentMethod.BANK_TRANSFER,
        f"qty_{cartridge.pk}": "2",
    }
    response = customer_client.post(url, data)
    order = Order.objects.get()
    assert response["Location"] == reverse("customer_order", args=[order.number])
    assert order.channel == Order.Channel.WEB
    assert order.customer == recorded.customer
    assert order.credited_organisation == organisation
    assert order.organisation is None
    assert order.delivery_city == "Caluire"
    assert StockLevel.objects.get(product=cartridge).reserved == 2
    # Sent twice (a double tap): still one order.
    customer_client.post(url, data)
    assert Order.objects.count() == 1
    page = customer_client.get(response["Location"]).content.decode()
    assert order.number in page and "IBAN" in page
    # The installer sees the sale credited to them on the installation.
    client.force_login(buyer)
    detail = client.get(reverse("installation_detail", args=[recorded.pk]))
    assert order.number in detail.content.decode()


def test_a_reorder_with_nothing_chosen_says_so_and_orders_nothing(
    customer_client, recorded, cartridge
):
    url = reverse("customer_installation_reorder", args=[recorded.pk])
    response = customer_client.post(
        url,
        {
            "submission_key": "k",
            "payment_method": "transfer",
            f"qty_{cartridge.pk}": "0",
        },
    )
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_card_is_offered_only_when_stripe_is_set_up(
    customer_client, recorded, settings
):
    url = reverse("customer_installation_reorder", args=[recorded.pk])
    assert 'value="card"' not in customer_client.get(url).content.decode()
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test", "whsec"
    assert 'value="card"' in customer_client.get(url).content.decode()


def test_a_correction_by_the_customer_is_what_the_installer_sees(
    customer_client, recorded, client, buyer
):
    response = customer_client.post(
        reverse("customer_contact"),
        {
            "phone": "07 99 88 77 66",
            "line1": "3 place Bellecour",
            "line2": "",
            "postcode": "69002",
            "city": "Lyon",
        },
    )
    assert response.status_code == 302
    client.force_login(buyer)
    page = client.get(
        reverse("installation_detail", args=[recorded.pk])
    ).content.decode()
    assert "07 99 88 77 66" in page and "3 place Bellecour" in page
    assert "8 chemin des Vignes" not in page


def test_a_bad_correction_is_refused_and_changes_nothing(customer_client, recorded):
    response = customer_client.post(
        reverse("customer_contact"),
        {"phone": "abc", "line1": "", "postcode": "123", "city": "Lyon"},
    )
    assert response.status_code == 400
    recorded.customer.refresh_from_db()
    assert recorded.customer.phone == "06 11 22 33 44"


def test_resellers_and_staff_have_no_customer_space(client, buyer, agent):
    for user in (buyer, agent):
        client.force_login(user)
        assert client.get(reverse("customer_home")).status_code == 404


def test_the_customer_space_costs_the_same_queries_with_more_appliances(
    customer_client,
    recorded,
    organisation,
    appliance,
    cartridge,
    django_assert_max_num_queries,
):
    url = reverse("customer_home")
    customer_client.get(url)
    with django_assert_max_num_queries(20) as first:
        customer_client.get(url)
    for n in range(3):
        extra = InstallationFactory(
            organisation=organisation,
            appliance=appliance,
            customer=recorded.customer,
            serial_number=f"X-{n}",
        )
        fitted(extra, cartridge)
    assert Installation.objects.filter(customer=recorded.customer).count() == 4
    with django_assert_max_num_queries(len(first)):
        customer_client.get(url)


def test_a_changed_consumable_starts_its_schedule_again(
    customer_client, recorded, cartridge, client, technician, other_owner
):
    consumable = recorded.consumables.get()
    url = reverse("consumable_changed", args=[recorded.pk, consumable.pk])
    response = customer_client.post(url, {"changed_on": "2026-11-28"})
    assert response["Location"] == reverse("customer_installation", args=[recorded.pk])
    consumable.refresh_from_db()
    assert (consumable.last_changed_on, consumable.next_due_on) == (
        date(2026, 11, 28),
        date(2027, 5, 28),
    )
    # The installer records a change on a maintenance visit; another cannot.
    client.force_login(technician)
    client.post(url, {"changed_on": "2026-11-30"})
    consumable.refresh_from_db()
    assert consumable.next_due_on == date(2027, 5, 30)
    client.force_login(other_owner)
    assert client.post(url, {"changed_on": "2026-11-29"}).status_code == 404
    consumable.refresh_from_db()
    assert consumable.last_changed_on == date(2026, 11, 30)


def test_a_change_in_the_future_is_refused(customer_client, recorded):
    consumable = recorded.consumables.get()
    url = reverse("consumable_changed", args=[recorded.pk, consumable.pk])
    response = customer_client.post(url, {"changed_on": "2099-01-01"}, follow=True)
    consumable.refresh_from_db()
    assert consumable.last_changed_on == date(2026, 5, 25)
    # The site's default language: the customer chose no other.
    assert "Le changement ne peut pas être daté dans le futur." in (
        unescape(response.content.decode())
    )
