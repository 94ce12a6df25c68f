"""What resellers and editors see: freshness, the consumables poster, the
leave-behind sheet, alerts, and page costs that do not grow with the content."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone
from pypdf import PdfReader
from wagtail.models import Page

from pages.models import DocumentationSubscription
from tests.accounts.factories import InstallationFactory, StaffFactory
from tests.ordering.factories import (
    ApplianceFactory,
    CompatibilityFactory,
    ProductFactory,
)
from tests.pages.factories import fault_code, manual, technical_sheet

pytestmark = pytest.mark.django_db


def _age(page: Page, days: int) -> None:
    Page.objects.filter(pk=page.pk).update(
        last_published_at=timezone.now() - timedelta(days=days)
    )


def test_a_page_shows_its_last_update_and_its_responsible_editor(client, buyer, docs):
    editor = StaffFactory(
        first_name="Camille",
        last_name="Durand",
        groups=[Group.objects.get(name="Content editors")],
    )
    sheet = docs["sheet"]
    sheet.responsible_editor = editor
    sheet.save_revision().publish()
    client.force_login(buyer)
    content = client.get(sheet.url).content.decode()
    assert "Camille Durand" in content
    # The <time> element carries the moment of publication, on the site's
    # clock, and shows its day.
    sheet.refresh_from_db()
    published = timezone.localtime(sheet.last_published_at)
    assert (
        f'<time datetime="{published.isoformat()}">'
        f"{dateformat.format(published, 'j F Y')}</time>"
    ) in content


def test_only_documentation_staff_answer_for_a_page(docs, agent):
    sheet = docs["sheet"]
    sheet.responsible_editor = agent  # the call center does not write the sheets
    with pytest.raises(ValidationError):
        sheet.full_clean()


def test_whats_new_lists_the_last_30_days_only(client, buyer, docs):
    _age(docs["manual"], 45)
    client.force_login(buyer)
    home = client.get(reverse("home"))
    titles = [p.title for p in home.context["changes"]]
    assert docs["e12"].title in titles
    assert docs["sheet"].title in titles
    assert docs["manual"].title not in titles


def test_staff_home_does_not_break_and_technicians_see_whats_new(
    client, technician, docs, appliance
):
    # A technician reads what is new for the appliances their team installs.
    InstallationFactory(
        organisation=technician.membership.organisation, appliance=appliance
    )
    client.force_login(technician)
    assert (
        docs["e12"].title.replace("'", "&#x27;")
        in client.get(reverse("home")).content.decode()
    )


def test_the_editors_dashboard_lists_pages_not_reviewed_for_a_year(client, docs):
    _age(docs["manual"], 400)
    admin = StaffFactory(is_superuser=True)
    client.force_login(admin)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 documentation page not reviewed for 12 months" in content.replace(
        "1 page de documentation non relue depuis 12 mois",
        "1 documentation page not reviewed for 12 months",
    )
    assert docs["manual"].title in content
    assert docs["sheet"].title not in content


@pytest.mark.parametrize("group", ["Content editors", "Documentation reviewers"])
def test_editors_and_reviewers_see_the_not_reviewed_panel(client, docs, group):
    from django.contrib.auth.models import Group

    _age(docs["manual"], 400)
    editor = StaffFactory()
    editor.groups.add(Group.objects.get(name=group))
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert docs["manual"].title in response.content.decode()


def test_the_consumables_table_reads_the_catalogue(client, buyer, docs, appliance):
    other = ApplianceFactory(name="OsmoPure 100", reference="OSP-100")
    membrane = ProductFactory(
        name="Membrane osmose", reference="MEM-OSP", kind="spare_part"
    )
    CompatibilityFactory(appliance=other, part=membrane, quantity_per_change=1)
    client.force_login(buyer)
    response = client.get(docs["table"].url)
    content = response.content.decode()
    assert "CAR-AQP-01" in content and "MEM-OSP" in content
    assert "12 mois" in content  # the site's default language
    # Filters: one appliance, one kind.
    only = client.get(docs["table"].url, {"appliance": other.pk}).content.decode()
    assert "MEM-OSP" in only and "CAR-AQP-01" not in only
    spare = client.get(docs["table"].url, {"kind": "spare_part"}).content.decode()
    assert "MEM-OSP" in spare and "CAR-AQP-01" not in spare


def test_the_poster_prints_on_a3_when_asked(client, buyer, docs):
    client.force_login(buyer)
    a3 = client.get(docs["table"].url, {"paper": "a3"}).content.decode()
    assert 'class="poster poster--a3"' in a3
    a4 = client.get(docs["table"].url).content.decode()
    assert 'class="poster poster--a4"' in a4


def test_the_leave_behind_sheet_lists_consumables_and_contacts(
    client, buyer, docs, organisation
):
    client.force_login(buyer)
    sheet = docs["sheet"]
    content = client.get(
        sheet.url + sheet.reverse_subpage("leave_behind")
    ).content.decode()
    assert "CAR-AQP-01" in content
    assert "Nettoyer le bac à sel" in content
    assert organisation.name in content


def test_the_leave_behind_pdf_is_a_real_pdf_with_the_same_content(client, buyer, docs):
    client.force_login(buyer)
    sheet = docs["sheet"]
    response = client.get(sheet.url + sheet.reverse_subpage("leave_behind_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "fiche-AQP-300.pdf" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "AquaPure 300" in text
    assert "CAR-AQP-01" in text
    assert "Nettoyer le bac" in text


def test_a_reseller_follows_an_appliance_from_its_sheet(client, buyer, docs):
    client.force_login(buyer)
    url = reverse(
        "documentation_subscription_toggle", args=[docs["sheet"].appliance_id]
    )
    response = client.post(url, {"next": docs["sheet"].url})
    assert response["Location"] == docs["sheet"].url
    assert DocumentationSubscription.objects.filter(user=buyer).count() == 1
    client.post(url)
    assert not DocumentationSubscription.objects.filter(user=buyer).exists()


def test_following_refuses_an_outside_redirect(client, buyer, docs):
    client.force_login(buyer)
    url = reverse(
        "documentation_subscription_toggle", args=[docs["sheet"].appliance_id]
    )
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("documentation_subscriptions")


def test_the_alerts_page_saves_the_chosen_appliances(client, buyer, appliance, docs):
    other = ApplianceFactory()
    client.force_login(buyer)
    client.post(
        reverse("documentation_subscriptions"), {"appliance": [appliance.pk, other.pk]}
    )
    client.post(reverse("documentation_subscriptions"), {"appliance": [other.pk]})
    assert list(
        DocumentationSubscription.objects.filter(user=buyer).values_list(
            "appliance", flat=True
        )
    ) == [other.pk]


def test_publishing_emails_the_subscribers_of_that_appliance_only(
    buyer, other_owner, docs, appliance, django_capture_on_commit_callbacks
):
    other = ApplianceFactory()
    DocumentationSubscription.objects.create(user=buyer, appliance=appliance)
    DocumentationSubscription.objects.create(user=other_owner, appliance=other)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        docs["e12"].save_revision().publish()
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert docs["e12"].title in mail.outbox[0].subject
    assert docs["e12"].url in mail.outbox[0].body


def test_query_counts_do_not_grow_with_the_documentation(
    client, buyer, docs, appliance, django_assert_max_num_queries
):
    client.force_login(buyer)
    sheet = docs["sheet"]
    urls = [
        docs["index"].url,
        docs["codes"].url,
        docs["table"].url,
        sheet.url,
        sheet.url + sheet.reverse_subpage("leave_behind"),
        docs["e12"].url,
        docs["manual"].url,
        reverse("home"),
        reverse("search") + "?q=AquaPure",
    ]
    client.get(urls[0])  # Wagtail caches the site's root paths once
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        before[url] = len(queries)
    for n in range(15):
        other = ApplianceFactory()
        CompatibilityFactory(appliance=other, part=ProductFactory())
        CompatibilityFactory(appliance=appliance, part=ProductFactory())
        technical_sheet(docs["index"], other)
        manual(docs["index"], other)
        fault_code(docs["codes"], [appliance, other], code=f"E{30 + n}", slug=f"c{n}")
    for url in urls:
        assert before[url] <= 16, url
        with django_assert_max_num_queries(before[url], info=url):
            assert client.get(url).status_code == 200, url


def test_the_documentation_tab_keeps_an_appliance_filter(client, buyer, docs):
    client.force_login(buyer)
    response = client.get(reverse("documentation"), {"q": "AQP-300"})
    assert response["Location"] == docs["index"].url + "?q=AQP-300"
