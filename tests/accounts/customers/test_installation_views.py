"""The installations tab: the form keeps what was typed and sent, refuses bad
files and duplicate serials clearly, and another organisation's
installations, photos and sheets answer 404."""

import io
import os
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.customers.models import Customer, Installation, InstallationPhoto
from accounts.customers.services.installation_photos import photo_upload
from accounts.customers.services.installations import installation_save_draft
from accounts.network.models import Role
from tests.accounts.factories import (
    CustomerFactory,
    InstallationFactory,
    MembershipFactory,
    bomb_png,
    fitted,
    installation_form,
    picture,
)
from tests.isolation import assert_isolated

pytestmark = pytest.mark.django_db

NEW = reverse("installation_new")


@pytest.fixture
def form_data(appliance, cartridge):
    return installation_form(
        appliance, consumables=[str(cartridge.pk)], **{f"qty_{cartridge.pk}": "2"}
    )


@pytest.fixture
def tech_client(client, technician):
    client.force_login(technician)
    return client


def test_who_may_open_the_form(client, technician, owner, buyer, agent):
    for user, status in ((technician, 200), (owner, 200), (buyer, 403), (agent, 404)):
        client.force_login(user)
        assert client.get(NEW).status_code == status, user


def test_recording_from_the_form_opens_the_new_record(
    tech_client, form_data, cartridge
):
    response = tech_client.post(NEW, {**form_data, "photos": picture()})
    installation = Installation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "installation_detail", args=[installation.pk]
    )
    assert installation.customer.email == "elodie.martin@example.test"
    assert installation.consumables.get().quantity == 2
    assert installation.photos.count() == 1
    page = tech_client.get(response["Location"]).content.decode()
    assert "Élodie Martin" in page and "SN-4242" in page
    assert installation.photos.get().token in page


def test_a_validation_error_keeps_what_was_typed_and_the_photos(tech_client, form_data):
    form_data.pop("serial_number")
    response = tech_client.post(NEW, {**form_data, "photos": picture()})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="8 chemin des Vignes"' in page
    assert 'value="elodie.martin@example.test"' in page
    photo = InstallationPhoto.objects.get()
    assert f'name="photo" value="{photo.token}"' in page
    assert not Installation.objects.exists()

    # Sent again with the serial, the photo kept aside goes with the record.
    form_data.update(serial_number="SN-4242", photo=photo.token)
    assert tech_client.post(NEW, form_data).status_code == 302
    assert list(Installation.objects.get().photos.all()) == [photo]


def test_save_as_draft_keeps_an_unfinished_form(tech_client, form_data):
    unfinished = {"action": "draft", "last_name": "Kerbrat", "city": "Caluire"}
    response = tech_client.post(NEW, unfinished)
    draft = Installation.objects.get()
    assert draft.is_draft
    assert response["Location"] == reverse("installation_draft", args=[draft.pk])
    page = tech_client.get(response["Location"]).content.decode()
    assert 'value="Caluire"' in page
    assert "Kerbrat" in tech_client.get(reverse("installations")).content.decode()
    # Finishing the draft records it: the same row, no second installation.
    response = tech_client.post(response["Location"], form_data)
    assert response.status_code == 302
    assert Installation.objects.get().status == Installation.Status.SUBMITTED


def test_a_draft_is_deleted_only_after_confirmation(tech_client):
    tech_client.post(NEW, {"action": "draft", "last_name": "Martin"})
    draft = Installation.objects.get()
    url = reverse("installation_discard", args=[draft.pk])
    confirm = tech_client.get(url).content.decode()
    assert '<form method="post"' in confirm
    assert Installation.objects.exists()
    tech_client.post(url)
    assert not Installation.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile(
            "photo.jpg", b"<?php echo shell_exec($_GET['c']); ?>", "image/jpeg"
        ),
        bomb_png(),
    ],
    ids=["php-renamed-jpg", "decompression-bomb"],
)
def test_a_bad_upload_is_refused_clearly_and_nothing_is_stored(
    tech_client, form_data, private_files, upload
):
    response = tech_client.post(NEW, {**form_data, "photos": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert upload.name in page  # the message names the refused file
    assert not Installation.objects.exists()
    assert not Customer.objects.exists()
    assert not InstallationPhoto.objects.exists()
    assert private_files() == set()


def test_an_oversized_picture_is_refused(tech_client, form_data, settings):
    settings.PORTAL_PHOTO_MAX_BYTES = 20_000
    response = tech_client.post(
        NEW, {**form_data, "photos": picture(size=(2000, 1500))}
    )
    assert response.status_code == 400
    assert not InstallationPhoto.objects.exists()


def test_a_duplicate_serial_gets_a_message_that_names_nobody(
    tech_client, form_data, other_organisation, appliance
):
    InstallationFactory(
        organisation=other_organisation, appliance=appliance, serial_number="SN-4242"
    )
    response = tech_client.post(NEW, form_data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "SN-4242" in page
    assert other_organisation.name not in page
    assert 'value="Caluire"' in page


def test_the_customer_lookup_finds_only_the_installers_own_customers(
    tech_client, organisation, other_organisation, appliance
):
    mine = InstallationFactory(
        organisation=organisation, customer=CustomerFactory(email="mine@example.test")
    ).customer
    InstallationFactory(
        organisation=other_organisation,
        customer=CustomerFactory(email="theirs@example.test", last_name="Secret"),
    )
    found = tech_client.post(
        NEW, {"action": "find", "customer_lookup": "MINE@example.test"}
    ).content.decode()
    assert f'name="customer" value="{mine.pk}"' in found
    other = tech_client.post(
        NEW, {"action": "find", "customer_lookup": "theirs@example.test"}
    ).content.decode()
    assert "Secret" not in other


def test_recording_for_an_existing_customer(tech_client, form_data, organisation):
    known = InstallationFactory(organisation=organisation).customer
    data = {
        k: v
        for k, v in form_data.items()
        if k not in {"first_name", "last_name", "email", "phone", "line1", "postcode"}
    }
    data.update(customer=known.pk, city="")
    assert tech_client.post(NEW, data).status_code == 302
    assert Installation.objects.filter(customer=known).count() == 2


def test_the_list_searches_and_filters(
    client, buyer, organisation, appliance, cartridge
):
    due = InstallationFactory(
        organisation=organisation,
        appliance=appliance,
        customer=CustomerFactory(last_name="Dupont", city="Villeurbanne"),
        installed_on=date(2026, 6, 10),
        serial_number="AB-1",
    )
    fitted(due, cartridge)  # due on 10 December
    InstallationFactory(
        organisation=organisation,
        customer=CustomerFactory(last_name="Lefèvre", city="Bron"),
        serial_number="CD-2",
    )
    client.force_login(buyer)
    url = reverse("installations")

    def names(**params):
        page = client.get(url, params).context["page"]
        return [i.customer.last_name for i in page.object_list]

    assert sorted(names()) == ["Dupont", "Lefèvre"]
    assert names(q="villeur") == ["Dupont"]
    assert names(q="cd-2") == ["Lefèvre"]
    assert names(appliance=appliance.pk) == ["Dupont"]
    # Due within 30 days, or already overdue: the cartridge, not the other.
    assert names(due="on") == ["Dupont"]


def test_another_organisations_installations_answer_404(
    organisation, other_organisation, other_owner, appliance
):
    theirs = InstallationFactory(
        organisation=other_organisation,
        customer=CustomerFactory(last_name="Kerguelen", phone="02 98 00 11 22"),
    )
    photo = photo_upload(
        organisation=other_organisation, by=other_owner, upload=picture()
    )
    photo.installation = theirs
    photo.save()
    for name in (
        "installation_detail",
        "installation_leave_behind",
        "installation_leave_behind_pdf",
    ):
        assert_isolated(
            reverse(name, args=[theirs.pk]),
            viewer_organisation=organisation,
            hidden_texts=["Kerguelen", "02 98 00 11 22"],
            methods=("get",),
        )
    assert_isolated(
        reverse("installation_photo", args=[photo.token]),
        viewer_organisation=organisation,
        hidden_texts=[],
        methods=("get",),
    )


def test_another_organisations_draft_answers_404(
    organisation, other_organisation, client
):
    stranger = MembershipFactory(
        organisation=other_organisation, role=Role.TECHNICIAN
    ).user
    draft = installation_save_draft(
        organisation=other_organisation,
        by=stranger,
        installation=None,
        form_data={"last_name": "Kerguelen"},
        photos=[],
    )
    for name in ("installation_draft", "installation_discard"):
        viewer = MembershipFactory(organisation=organisation, role=Role.OWNER).user
        client.force_login(viewer)
        for method in ("get", "post"):
            response = getattr(client, method)(reverse(name, args=[draft.pk]))
            assert response.status_code == 404, (name, method)
    assert Installation.objects.filter(pk=draft.pk).exists()


def test_the_leave_behind_sheet_is_filled_in_for_the_customer(
    client, buyer, organisation, appliance, cartridge
):
    installation = InstallationFactory(
        organisation=organisation,
        appliance=appliance,
        customer=CustomerFactory(first_name="Élodie", last_name="Martin"),
        serial_number="SN-4242",
        installed_on=date(2026, 6, 10),
    )
    fitted(installation, cartridge)
    client.force_login(buyer)
    page = client.get(
        reverse("installation_leave_behind", args=[installation.pk])
    ).content.decode()
    assert "Élodie Martin" in page and "SN-4242" in page
    # Next change, in the site's default language: six months after.
    assert "10 décembre 2026" in page
    pdf = client.get(reverse("installation_leave_behind_pdf", args=[installation.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_pages_cost_the_same_queries_whatever_the_number_of_installations(
    client, buyer, organisation, appliance, cartridge, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            installation = InstallationFactory(
                organisation=organisation, appliance=appliance
            )
            fitted(installation, cartridge)
        return installation

    installation = add(3)
    client.force_login(buyer)
    # A search that finds the installations already there: an empty first
    # page would cost fewer queries than any page with rows.
    name = installation.customer.last_name
    urls = [
        reverse("installations"),
        reverse("installations") + f"?due=on&q={name}",
        reverse("installation_detail", args=[installation.pk]),
    ]
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(15, info=url) as captured:
            response = client.get(url)
        assert response.status_code == 200
        if "page" in response.context:
            assert len(response.context["page"].object_list) > 0, url
        counts[url] = len(captured)
    add(30)
    for url in urls:
        with django_assert_max_num_queries(counts[url], info=url):
            client.get(url)


def test_showing_the_consumables_keeps_the_form_and_reports_no_error_yet(
    tech_client, appliance, cartridge
):
    response = tech_client.post(
        NEW, {"action": "appliance", "appliance": appliance.pk, "city": "Caluire"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="qty_{cartridge.pk}"' in page
    assert 'value="Caluire"' in page
    assert "field--error" not in page and 'id="form-errors"' not in page
    assert not Installation.objects.exists()


@pytest.mark.parametrize("typed", ["06 12 48 73 90", "0612487390", "+33 6 12 48 73 90"])
def test_the_lookup_finds_a_phone_however_it_is_typed(tech_client, organisation, typed):
    known = InstallationFactory(
        organisation=organisation, customer=CustomerFactory(phone="06.12.48.73.90")
    ).customer
    found = tech_client.post(
        NEW, {"action": "find", "customer_lookup": typed}
    ).content.decode()
    assert f'name="customer" value="{known.pk}"' in found


# --- Photos are checked before they are kept ---------------------------------------


def _noise(name: str, *, size) -> SimpleUploadedFile:
    """A picture that does not compress: its file is as large as a photo's."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(
        out, format="JPEG", quality=95
    )
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _pictures(count: int, prefix: str = "IMG_") -> list:
    return [picture(f"{prefix}{n:02}.jpg", size=(64, 48)) for n in range(1, count + 1)]


def test_an_eleventh_photo_is_refused_by_name_and_never_stored(
    tech_client, form_data, private_files
):
    response = tech_client.post(NEW, {**form_data, "photos": _pictures(11)})

    assert response.status_code == 400
    page = response.content.decode()
    assert "IMG_11.jpg" in page  # the refused one is named
    assert not Installation.objects.exists()
    kept = list(InstallationPhoto.objects.order_by("pk"))
    assert len(kept) == 10
    assert private_files() == {photo.image.name for photo in kept}
    # What was typed and the ten photos come back with the form.
    assert 'value="8 chemin des Vignes"' in page
    for photo in kept:
        assert f'name="photo" value="{photo.token}"' in page

    # Sent again as it came back, it is recorded with its ten photos.
    response = tech_client.post(
        NEW, {**form_data, "photo": [photo.token for photo in kept]}
    )
    assert response.status_code == 302
    assert Installation.objects.get().photos.count() == 10
    assert len(private_files()) == 10


def test_photos_already_on_the_form_count_before_new_ones_are_stored(
    tech_client, form_data, private_files
):
    tech_client.post(NEW, {"action": "find", "photos": _pictures(8)})
    tokens = list(InstallationPhoto.objects.values_list("token", flat=True))

    response = tech_client.post(
        NEW, {**form_data, "photo": tokens, "photos": _pictures(3, "NEW_")}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "NEW_03.jpg" in page
    assert "NEW_01.jpg" not in page and "NEW_02.jpg" not in page
    assert InstallationPhoto.objects.count() == 10
    assert len(private_files()) == 10


@pytest.mark.parametrize("bad", ["not-a-picture", "too-large", "bomb"])
def test_a_refused_file_among_good_ones_is_never_written(
    tech_client, form_data, private_files, settings, bad
):
    settings.PORTAL_PHOTO_MAX_BYTES = 100_000
    refused = {
        "not-a-picture": SimpleUploadedFile(
            "notes.jpg", b"%PDF-1.4 not a picture", "image/jpeg"
        ),
        "too-large": _noise("huge.jpg", size=(600, 400)),
        "bomb": bomb_png(),
    }[bad]
    response = tech_client.post(
        NEW, {**form_data, "photos": [picture("good.jpg"), refused]}
    )

    assert response.status_code == 400
    assert refused.name in response.content.decode()
    good = InstallationPhoto.objects.get()
    assert private_files() == {good.image.name}


def test_photos_of_forms_left_unsaved_stay_under_the_per_user_bound(
    tech_client, form_data, private_files, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PHOTOS_PER_INSTALLATION = 3
    settings.PORTAL_PHOTOS_PENDING_PER_USER = 6
    forms = []
    for n in range(3):  # three forms of 4 photos, none saved
        before = set(InstallationPhoto.objects.values_list("token", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            tech_client.post(NEW, {"action": "find", "photos": _pictures(4, f"F{n}_")})
        forms.append(
            set(InstallationPhoto.objects.values_list("token", flat=True)) - before
        )
        assert len(private_files()) <= 6
    assert [len(tokens) for tokens in forms] == [3, 3, 3]
    # The oldest form's photos made room; the last two forms keep theirs.
    waiting = set(InstallationPhoto.objects.values_list("token", flat=True))
    assert waiting == forms[1] | forms[2]
    assert len(private_files()) == 6

    # The first form, sent back, says its photos are gone instead of losing
    # them silently.
    response = tech_client.post(NEW, {**form_data, "photo": sorted(forms[0])})
    assert response.status_code == 400
    assert response.context["photo_errors"]
    assert "3" in response.context["photo_errors"][0]
    assert not Installation.objects.exists()


# --- Enter in the customer search ---------------------------------------------------


class _FirstSubmit(HTMLParser):
    """The first submit button of the installation form: the one the browser
    presses when Enter is hit in one of its fields."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.button = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "installation-form" in (attrs.get("class") or ""):
            self.in_form = True
        submits = tag == "button" and attrs.get("type", "submit") == "submit"
        submits |= tag == "input" and attrs.get("type") == "submit"
        if self.in_form and submits and self.button is None:
            self.button = (attrs.get("name"), attrs.get("value", ""))


def _enter(page: str) -> dict:
    parser = _FirstSubmit()
    parser.feed(page)
    name, value = parser.button
    return {name: value} if name else {}


def test_enter_in_the_customer_search_runs_the_search_and_keeps_the_form(
    tech_client, organisation
):
    known = InstallationFactory(
        organisation=organisation,
        customer=CustomerFactory(email="kerbrat@example.test", last_name="Kerbrat"),
    ).customer
    typed = {
        "customer_lookup": "kerbrat@example.test",
        "serial_number": "SN-77",
        "site_notes": "Garage, à gauche",
    }

    page = tech_client.get(NEW).content.decode()
    response = tech_client.post(NEW, {**typed, **_enter(page)})

    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="customer" value="{known.pk}"' in page
    assert 'id="form-errors"' not in page and "field--error" not in page
    assert 'value="SN-77"' in page and "Garage, à gauche" in page
    assert Installation.objects.count() == 1  # the one recorded before

    # The search done, Enter (in any field) sends the form to be recorded.
    response = tech_client.post(
        NEW, {**typed, "looked_up": "kerbrat@example.test", **_enter(page)}
    )
    assert response.status_code == 400
    assert 'id="form-errors"' in response.content.decode()
