import io
from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.customers.models import Customer, Installation, InstallationConsumable
from accounts.customers.schedule import next_due
from accounts.network.models import Membership, Organisation, Role, User

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(
                user=obj, email=obj.email, verified=True, primary=True
            )


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """``StaffFactory(groups=[group])``: the staff roles it holds."""
        if create and extracted:
            self.groups.add(*extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Revendeur {n}")
    slug = factory.Sequence(lambda n: f"revendeur-{n}")
    legal_identifier = factory.Sequence(lambda n: f"{900000000 + n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.BUYER


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"client{n}@example.test")
    phone = factory.Sequence(lambda n: f"06 12 34 {n // 100 % 100:02d} {n % 100:02d}")
    line1 = "4 rue des Lilas"
    postcode = "69003"
    city = "Lyon"
    shares_record = True


class InstallationFactory(factory.django.DjangoModelFactory):
    """A recorded installation."""

    class Meta:
        model = Installation

    organisation = factory.SubFactory(OrganisationFactory)
    customer = factory.SubFactory(CustomerFactory)
    appliance = factory.SubFactory("tests.ordering.factories.ApplianceFactory")
    serial_number = factory.Sequence(lambda n: f"SN{100000 + n}")
    installed_on = date(2026, 6, 1)
    status = Installation.Status.SUBMITTED


class DraftInstallationFactory(InstallationFactory):
    """An installation the technician started and has not submitted: what the
    form saved so far lives in ``draft_data``."""

    customer = None
    appliance = None
    serial_number = ""
    installed_on = None
    status = Installation.Status.DRAFT


def fitted(installation, part, *, last_changed_on=None, quantity=1):
    """A consumable fitted on the installation, with its next change date."""
    changed = last_changed_on or installation.installed_on
    return InstallationConsumable.objects.create(
        installation=installation,
        part=part,
        quantity=quantity,
        last_changed_on=changed,
        interval_months=part.replacement_interval_months,
        next_due_on=next_due(changed, part.replacement_interval_months),
    )


def installation_form(appliance, **fields) -> dict:
    """What a technician types in the installation form for a new customer,
    with ``fields`` added or changed."""
    return {
        "action": "record",
        "first_name": "Élodie",
        "last_name": "Martin",
        "email": "elodie.martin@example.test",
        "phone": "06 11 22 33 44",
        "line1": "8 chemin des Vignes",
        "postcode": "69300",
        "city": "Caluire",
        "appliance": appliance.pk,
        "serial_number": "SN-4242",
        "installed_on": "2026-11-20",
        "shares_record": "on",
        **fields,
    }


def picture(
    name="photo.jpg", *, size=(640, 480), fmt="JPEG", exif: bytes | None = None
) -> SimpleUploadedFile:
    """A real picture as a phone would upload it."""
    out = io.BytesIO()
    image = Image.new("RGB", size, (30, 110, 170))
    kwargs = {"exif": exif} if exif else {}
    image.save(out, format=fmt, **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def bomb_png(width: int = 30_000, height: int = 30_000) -> SimpleUploadedFile:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a
    decompression bomb that would need gigabytes once decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 16)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile("bombe.png", content, content_type="image/png")


def _hours_from_now(hours: int):
    return timezone.now() + timedelta(hours=hours)


class CallbackRequestFactory(factory.django.DjangoModelFactory):
    """A customer's request to be called back, open and due in four hours.

    A done one needs ``done_at``; a reseller's has ``owner_organisation``,
    an agent's ``owner``, the shared queue neither.
    """

    class Meta:
        model = "callbacks.CallbackRequest"

    customer = factory.SubFactory(CustomerFactory)
    reason = "maintenance"
    phone = "06 12 34 56 78"
    due_at = factory.LazyFunction(lambda: _hours_from_now(4))
    # Asked now, or when it fell due if that is earlier.
    created_at = factory.LazyAttribute(lambda o: min(_hours_from_now(0), o.due_at))
    source = "customer"
    status = "open"
