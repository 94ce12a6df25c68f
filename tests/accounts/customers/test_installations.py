"""Recording installations: the shared customer record, serial numbers,
consumables, drafts and photos."""

import io
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from accounts.customers.models import Customer, Installation, InstallationPhoto
from accounts.customers.services.customer_links import (
    CustomerLinkError,
    customer_link_accept,
    customer_link_decline,
)
from accounts.customers.services.installation_photos import (
    photo_upload,
    photos_add,
    photos_pending_purge,
)
from accounts.customers.services.installations import (
    CustomerDetails,
    InstallationDetails,
    installation_discard_draft,
    installation_record,
    installation_save_draft,
)
from accounts.customers.services.installers import (
    DuplicateSerialError,
    InstallationError,
    PhotoError,
)
from accounts.network.models import Role
from tests.accounts.factories import (
    CustomerFactory,
    DraftInstallationFactory,
    InstallationFactory,
    MembershipFactory,
    bomb_png,
    picture,
)
from tests.ordering.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English; French is the site's default."""
    with translation.override("en"):
        yield


INSTALLED = date(2026, 6, 1)


def _new_customer(**overrides) -> CustomerDetails:
    fields = {
        "first_name": "Élodie",
        "last_name": "Martin",
        "email": "elodie.martin@example.test",
        "phone": "06 11 22 33 44",
        "line1": "8 chemin des Vignes",
        "postcode": "69300",
        "city": "Caluire",
    }
    fields.update(overrides)
    return CustomerDetails(**fields)


def _details(appliance, **overrides) -> InstallationDetails:
    fields = {
        "appliance": appliance,
        "serial_number": "aqp 300-12345",
        "installed_on": INSTALLED,
        "customer_details": _new_customer(),
        "shares_record": True,
    }
    fields.update(overrides)
    return InstallationDetails(**fields)


def _record(technician, organisation, details, **kwargs):
    return installation_record(
        organisation=organisation, by=technician, details=details, **kwargs
    )


def test_recording_creates_the_customer_record_and_the_schedule(
    technician,
    organisation,
    appliance,
    cartridge,
    salt,
    django_capture_on_commit_callbacks,
):
    details = _details(appliance, consumables=[(cartridge, 1), (salt, 2)])
    with django_capture_on_commit_callbacks(execute=True):
        recorded = _record(technician, organisation, details)
    installation = recorded.installation
    assert installation.status == Installation.Status.SUBMITTED
    assert installation.serial_number == "AQP300-12345"
    customer = installation.customer
    assert (customer.full_name, customer.city) == ("Élodie Martin", "Caluire")
    assert customer.shares_record and customer.consent_recorded_at
    due = {c.part_id: c.next_due_on for c in installation.consumables.all()}
    assert due == {cartridge.pk: date(2026, 12, 1), salt.pk: date(2027, 6, 1)}
    # The customer is invited to their space, where they sign in by code.
    assert recorded.invited
    assert not customer.user.has_usable_password()
    assert EmailAddress.objects.filter(user=customer.user, primary=True).exists()
    (invitation,) = mail.outbox
    assert invitation.to == ["elodie.martin@example.test"]
    assert "/accounts/login/code/" in invitation.body
    assert organisation.name in invitation.body


def test_without_consent_the_record_is_kept_but_nobody_is_emailed(
    technician, organisation, appliance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded = _record(
            technician, organisation, _details(appliance, shares_record=False)
        )
    assert not recorded.invited
    assert recorded.installation.customer.user is None
    assert mail.outbox == []


def test_an_email_of_a_customer_the_installer_serves_joins_their_record(
    technician, organisation, appliance
):
    known = CustomerFactory(
        email="elodie.martin@example.test", last_name="Martin-Durand", phone=""
    )
    InstallationFactory(organisation=organisation, customer=known)
    recorded = _record(technician, organisation, _details(appliance))
    assert recorded.joined_existing_customer
    assert not recorded.link_requested
    assert recorded.installation.customer == known
    assert Customer.objects.count() == 1
    known.refresh_from_db()
    # What the record lacked is filled in; what it held is not overwritten.
    assert known.last_name == "Martin-Durand"
    assert known.phone == "06 11 22 33 44"


@pytest.fixture
def elsewhere(other_organisation):
    """Élodie is a customer of another reseller, with a space of her own."""
    known = CustomerFactory(
        first_name="Élodie",
        last_name="Martin-Durand",
        email="elodie.martin@example.test",
        phone="04 78 00 11 22",
        line1="1 place Secrète",
        postcode="69001",
        city="Lyon",
        shares_record=False,
    )
    InstallationFactory(organisation=other_organisation, customer=known)
    return known


def _link_token(message) -> str:
    marker = "/customer/link/"
    start = message.body.index(marker) + len(marker)
    return message.body[start : message.body.index("/", start)]


def test_another_reseller_s_customer_is_asked_before_anything_is_joined(
    technician, organisation, appliance, elsewhere, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded = _record(technician, organisation, _details(appliance))
    assert recorded.link_requested and not recorded.joined_existing_customer
    separate = recorded.installation.customer
    # The installer's record holds only what the technician typed.
    assert separate != elsewhere
    assert (separate.last_name, separate.phone, separate.email) == (
        "Martin",
        "06 11 22 33 44",
        "",
    )
    assert not recorded.invited
    # Only the address's owner is asked, with a link; nobody is named to them
    # but the installer, and the typed street is not repeated.
    (asked,) = mail.outbox
    assert asked.to == ["elodie.martin@example.test"]
    assert organisation.name in asked.body and "69300 Caluire" in asked.body
    assert "8 chemin des Vignes" not in asked.body
    elsewhere.refresh_from_db()
    assert elsewhere.phone == "04 78 00 11 22"
    assert elsewhere.installations.count() == 1


def test_once_the_customer_agrees_the_installation_joins_their_record(
    technician, organisation, appliance, elsewhere, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded = _record(technician, organisation, _details(appliance))
    token = _link_token(mail.outbox[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        customer_link_accept(token=token)
    recorded.installation.refresh_from_db()
    assert recorded.installation.customer == elsewhere
    assert Customer.objects.count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.shares_record and elsewhere.consent_recorded_at
    assert elsewhere.phone == "04 78 00 11 22"  # never overwritten
    # The customer hears where to find it; the link works only once.
    assert [m.to for m in mail.outbox] == [["elodie.martin@example.test"]]
    with pytest.raises(CustomerLinkError):
        customer_link_accept(token=token)


def test_a_customer_who_says_no_keeps_their_record_apart(
    technician, organisation, appliance, elsewhere, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded = _record(technician, organisation, _details(appliance))
    customer_link_decline(token=_link_token(mail.outbox[0]))
    recorded.installation.refresh_from_db()
    assert recorded.installation.customer != elsewhere
    assert Customer.objects.count() == 2
    assert elsewhere.installations.count() == 1


def test_a_registered_serial_is_refused_without_saying_who_has_it(
    technician, organisation, other_organisation, appliance
):
    InstallationFactory(
        organisation=other_organisation, appliance=appliance, serial_number="SN-777"
    )
    with pytest.raises(DuplicateSerialError) as refused:
        _record(technician, organisation, _details(appliance, serial_number=" sn-777 "))
    assert "SN-777" in str(refused.value)
    assert other_organisation.name not in str(refused.value)
    assert Installation.objects.count() == 1
    assert not Customer.objects.filter(last_name="Martin").exists()


def test_the_same_serial_on_another_appliance_is_another_appliance(
    technician, organisation, appliance
):
    elsewhere = InstallationFactory(serial_number="SN-777")
    recorded = _record(
        technician, organisation, _details(appliance, serial_number="SN-777")
    )
    assert recorded.installation.pk != elsewhere.pk
    assert recorded.installation.appliance == appliance
    assert recorded.installation.organisation == organisation
    assert Installation.objects.filter(serial_number="SN-777").count() == 2


def test_a_consumable_that_does_not_fit_is_refused(technician, organisation, appliance):
    stranger = ProductFactory(name="Lampe UV d'un autre appareil")
    with pytest.raises(InstallationError, match="does not fit"):
        _record(
            technician, organisation, _details(appliance, consumables=[(stranger, 1)])
        )
    assert not Installation.objects.exists()


def test_only_technicians_and_owners_record(buyer, organisation, appliance):
    with pytest.raises(InstallationError):
        _record(buyer, organisation, _details(appliance))


def test_a_future_installation_date_is_refused(technician, organisation, appliance):
    with pytest.raises(InstallationError, match="future"):
        _record(
            technician, organisation, _details(appliance, installed_on=date(2099, 1, 1))
        )


def test_a_draft_keeps_what_was_typed_and_becomes_the_record(
    technician, organisation, appliance
):
    photo = photo_upload(organisation=organisation, by=technician, upload=picture())
    draft = installation_save_draft(
        organisation=organisation,
        by=technician,
        installation=None,
        form_data={"last_name": "Martin", "serial_number": "SN-1"},
        photos=[photo],
    )
    assert draft.is_draft and draft.draft_data["last_name"] == "Martin"
    assert list(draft.photos.all()) == [photo]
    recorded = _record(technician, organisation, _details(appliance), draft=draft)
    assert recorded.installation.pk == draft.pk
    draft.refresh_from_db()
    assert draft.status == Installation.Status.SUBMITTED and draft.draft_data == {}
    assert list(draft.photos.all()) == [photo]


def test_a_discarded_draft_takes_its_photos_with_it(
    technician, organisation, private_files, django_capture_on_commit_callbacks
):
    photo = photo_upload(organisation=organisation, by=technician, upload=picture())
    draft = installation_save_draft(
        organisation=organisation,
        by=technician,
        installation=None,
        form_data={},
        photos=[photo],
    )
    with django_capture_on_commit_callbacks(execute=True):
        installation_discard_draft(installation=draft, by=technician)
    assert not Installation.objects.exists()
    assert not InstallationPhoto.objects.exists()
    assert photo.image.name not in private_files()


# --- Photos ------------------------------------------------------------------------


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (45.0, 46.0, 0.0)}  # GPS latitude
    return exif.tobytes()


def test_a_photo_is_re_encoded_without_its_metadata(technician, organisation):
    upload = picture("IMG_0001.jpg", size=(4000, 3000), exif=_exif_with_gps())
    photo = photo_upload(organisation=organisation, by=technician, upload=upload)
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG"
        assert not image.getexif()
        assert max(image.size) == 2560  # shrunk for the phone screens it is read on
    assert "IMG_0001" not in photo.image.name


def test_a_png_from_a_screenshot_is_kept_as_jpeg(technician, organisation):
    photo = photo_upload(
        organisation=organisation,
        by=technician,
        upload=picture("capture.png", fmt="PNG"),
    )
    assert photo.image.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "photo.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg"
            ),
            "not a picture",
        ),
        (bomb_png(), "too many pixels"),
        (
            SimpleUploadedFile(
                "notes.pdf", b"%PDF-1.4 fake", content_type="image/jpeg"
            ),
            "not a picture",
        ),
    ],
    ids=["php-renamed-jpg", "decompression-bomb", "pdf"],
)
def test_what_is_not_a_photo_is_refused_and_nothing_stored(
    technician, organisation, private_files, upload, message
):
    with pytest.raises(PhotoError, match=message):
        photo_upload(organisation=organisation, by=technician, upload=upload)
    assert not InstallationPhoto.objects.exists()
    assert private_files() == set()


def test_an_oversized_file_is_refused_before_it_is_read(
    technician, organisation, private_files, settings
):
    settings.PORTAL_PHOTO_MAX_BYTES = 50_000
    upload = picture(size=(1600, 1200))
    upload.size = 60_000
    with pytest.raises(PhotoError, match="larger than"):
        photo_upload(organisation=organisation, by=technician, upload=upload)
    assert private_files() == set()


def test_an_installation_keeps_at_most_ten_photos(technician, organisation, appliance):
    photos = [
        photo_upload(organisation=organisation, by=technician, upload=picture())
        for _ in range(11)
    ]
    with pytest.raises(PhotoError, match="10 photos"):
        _record(technician, organisation, _details(appliance), photos=photos)
    assert not Installation.objects.exists()


def test_photos_past_the_form_s_limit_are_refused_unread_and_unstored(
    technician, organisation, private_files, settings
):
    settings.PORTAL_PHOTOS_PER_INSTALLATION = 2
    kept = [
        photo_upload(organisation=organisation, by=technician, upload=p)
        for p in (picture("a.jpg"), picture("b.jpg"))
    ]
    extra = picture("c.jpg")
    added = photos_add(
        organisation=organisation, by=technician, kept=kept, uploads=[extra]
    )
    assert added.photos == kept
    [why] = added.refused
    assert "c.jpg" in why and "2 photos" in why
    assert extra.tell() == 0  # never read
    assert private_files() == {photo.image.name for photo in kept}


def test_photos_of_forms_never_saved_are_purged_after_a_day_with_their_files(
    technician, organisation, appliance, private_files
):
    from datetime import timedelta

    from django.utils import timezone

    old, recent, kept = (
        photo_upload(organisation=organisation, by=technician, upload=p)
        for p in (picture(), picture(), picture())
    )
    InstallationPhoto.objects.filter(pk__in=[old.pk, kept.pk]).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    _record(technician, organisation, _details(appliance), photos=[kept])

    assert photos_pending_purge() == 1
    assert set(InstallationPhoto.objects.all()) == {recent, kept}
    assert private_files() == {recent.image.name, kept.image.name}


def test_another_organisations_waiting_photo_cannot_be_attached(
    technician, organisation, other_organisation, appliance
):
    stranger = MembershipFactory(
        organisation=other_organisation, role=Role.TECHNICIAN
    ).user
    theirs = photo_upload(
        organisation=other_organisation, by=stranger, upload=picture()
    )
    recorded = _record(technician, organisation, _details(appliance), photos=[theirs])
    theirs.refresh_from_db()
    assert theirs.installation is None
    assert not recorded.installation.photos.exists()


def test_the_database_itself_refuses_a_second_record_of_a_serial(
    organisation, appliance
):
    """Two technicians racing past the check still cannot both record it."""
    from django.db import IntegrityError, transaction

    first = InstallationFactory(appliance=appliance, serial_number="SN-9")
    DraftInstallationFactory(  # a draft may hold the same serial meanwhile
        organisation=organisation, appliance=appliance, serial_number="SN-9"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        InstallationFactory(
            appliance=appliance, serial_number="SN-9", customer=first.customer
        )


def test_a_race_on_the_serial_gets_the_duplicate_message(
    technician, organisation, appliance, monkeypatch
):
    from accounts.customers.services import installations as installation_service

    InstallationFactory(appliance=appliance, serial_number="SN-10")
    # As if the other recording committed between our check and our insert.
    monkeypatch.setattr(
        installation_service.Installation.objects.__class__,
        "filter",
        _no_duplicates_seen(installation_service.Installation.objects.filter),
    )
    with pytest.raises(DuplicateSerialError):
        _record(technician, organisation, _details(appliance, serial_number="SN-10"))


def _no_duplicates_seen(real_filter):
    def filter(self, *args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        if "serial_number" in kwargs and kwargs.get("status"):
            return queryset.none()
        return queryset

    return filter
