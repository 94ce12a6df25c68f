"""Recording installations: photos, drafts, the shared customer record.

A technician's form is either kept as a draft, exactly as typed, or
recorded: then the customer is found or created (one record per person),
the consumables fitted start the maintenance schedule, and a customer who
agreed to the shared record is invited to their customer space.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ordering.models import Compatibility, Product

from ..models import (
    Customer,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
    Organisation,
    Role,
    User,
)
from ..photos import PhotoRejected, photo_clean
from ..schedule import next_due
from ..selectors import customers_visible_to_organisation, membership_of
from ..tasks import email_send_after_commit


class InstallationError(Exception):
    """A refusal whose message is fit for the technician."""


class DuplicateSerialError(InstallationError):
    pass


class PhotoError(InstallationError):
    pass


RECORDING_ROLES = {Role.OWNER, Role.TECHNICIAN}


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def can_record_installations(user: User) -> bool:
    """Technicians and owners of an active reseller record installations."""
    membership = membership_of(user=user)
    return (
        membership is not None
        and not membership.organisation.is_suspended
        and membership.role in RECORDING_ROLES
    )


def _ensure_records(user: User, organisation: Organisation) -> None:
    membership = membership_of(user=user)
    if (
        not can_record_installations(user)
        or membership.organisation_id != organisation.pk
    ):
        raise InstallationError(
            _("Only technicians and owners of the installer record installations.")
        )


# --- Photos ----------------------------------------------------------------------


def photo_upload(*, organisation: Organisation, by: User, upload) -> InstallationPhoto:
    """Check and re-encode one uploaded picture; it waits for its form.

    A refused file (not a picture, too large, too many pixels) raises
    ``PhotoError`` and stores nothing.
    """
    _ensure_records(by, organisation)
    name = getattr(upload, "name", "") or ""
    try:
        clean = photo_clean(upload, name=name[:80])
    except PhotoRejected as error:
        raise PhotoError(str(error)) from error
    photo = InstallationPhoto(
        token=secrets.token_hex(16),
        organisation=organisation,
        uploaded_by=by,
        width=clean.width,
        height=clean.height,
        size=len(clean.content),
    )
    photo.image.save(f"{photo.token}.jpg", ContentFile(clean.content), save=False)
    photo.save()
    return photo


def _attach_photos(installation: Installation, photos: list[InstallationPhoto]):
    limit = settings.PORTAL_PHOTOS_PER_INSTALLATION
    kept = {p.pk for p in installation.photos.all()} if installation.pk else set()
    wanted = kept | {p.pk for p in photos}
    if len(wanted) > limit:
        raise PhotoError(
            _("An installation keeps at most %(limit)s photos.") % {"limit": limit}
        )
    InstallationPhoto.objects.filter(
        pk__in=[p.pk for p in photos],
        organisation=installation.organisation,
        installation__isnull=True,
    ).update(installation=installation)


def photo_remove(*, photo: InstallationPhoto, by: User) -> None:
    """Take a photo off its form, and its file off the storage."""
    _ensure_records(by, photo.organisation)
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Drafts ----------------------------------------------------------------------


@transaction.atomic
def installation_save_draft(
    *,
    organisation: Organisation,
    by: User,
    installation: Installation | None,
    form_data: dict,
    photos: list[InstallationPhoto],
) -> Installation:
    """Keep an unfinished form exactly as typed, with its photos."""
    _ensure_records(by, organisation)
    if installation is None:
        installation = Installation(organisation=organisation, recorded_by=by)
    elif not installation.is_draft:
        raise InstallationError(_("This installation is already recorded."))
    installation.draft_data = form_data
    installation.save()
    _attach_photos(installation, photos)
    return installation


@transaction.atomic
def installation_discard_draft(*, installation: Installation, by: User) -> None:
    """Delete a draft and its photos; a recorded installation stays."""
    _ensure_records(by, installation.organisation)
    if not installation.is_draft:
        raise InstallationError(_("A recorded installation cannot be discarded."))
    for photo in installation.photos.all():
        photo_remove(photo=photo, by=by)
    installation.delete()


# --- Recording ---------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerDetails:
    first_name: str
    last_name: str
    line1: str
    postcode: str
    city: str
    email: str = ""
    phone: str = ""
    line2: str = ""


@dataclass(frozen=True)
class InstallationDetails:
    appliance: Product
    serial_number: str
    installed_on: date
    # Either a customer already served by the installer, or new details.
    customer: Customer | None = None
    customer_details: CustomerDetails | None = None
    shares_record: bool = False
    consumables: list[tuple[Product, int]] = field(default_factory=list)
    water_hardness: Decimal | None = None
    water_pressure: Decimal | None = None
    site_notes: str = ""


@dataclass(frozen=True)
class Recorded:
    installation: Installation
    # The email already had a customer record: the installation joined it.
    joined_existing_customer: bool = False
    invited: bool = False


def serial_normalise(serial: str) -> str:
    """``" ab-123 45 "`` → ``"AB-12345"``: as printed on the rating plate."""
    return "".join(serial.split()).upper()


def _duplicate_serial(serial: str) -> DuplicateSerialError:
    # Never say who registered it: that would tell one reseller another's
    # customer. The desk can look it up.
    return DuplicateSerialError(
        _(
            "The serial number %(serial)s is already registered for this "
            "appliance. Check the rating plate; if it is right, call the network "
            "desk on %(phone)s."
        )
        % {"serial": serial, "phone": settings.PORTAL_SUPPORT_PHONE}
    )


def _customer_for(
    organisation: Organisation, details: InstallationDetails
) -> tuple[Customer, bool]:
    """The installation's customer and whether an existing record was joined."""
    if details.customer is not None:
        served = customers_visible_to_organisation(organisation)
        if not served.filter(pk=details.customer.pk).exists():
            raise InstallationError(_("Choose one of your customers."))
        return details.customer, False
    new = details.customer_details
    if new is None:
        raise InstallationError(_("Choose a customer or enter the new customer."))
    email = new.email.strip().lower()
    if email:
        existing = (
            Customer.objects.select_for_update()
            .filter(email__iexact=email, erased_at__isnull=True)
            .first()
        )
        if existing is not None:
            # One record per person: fill what it lacks, never overwrite it.
            if not existing.phone and new.phone:
                existing.phone = new.phone.strip()
                existing.save(update_fields=["phone", "updated_at"])
            return existing, True
    customer = Customer(
        first_name=new.first_name.strip(),
        last_name=new.last_name.strip(),
        email=email,
        phone=new.phone.strip(),
        line1=new.line1.strip(),
        line2=new.line2.strip(),
        postcode=new.postcode.strip(),
        city=new.city.strip(),
    )
    customer.full_clean()
    customer.save()
    return customer, False


def _fitted(
    installation: Installation, consumables: list[tuple[Product, int]]
) -> list[InstallationConsumable]:
    allowed = set(
        Compatibility.objects.filter(
            appliance=installation.appliance,
            part__kind=Product.Kind.CONSUMABLE,
        ).values_list("part_id", flat=True)
    )
    rows = []
    for part, quantity in consumables:
        if part.pk not in allowed:
            raise InstallationError(
                _("%(part)s does not fit this appliance.") % {"part": part.name}
            )
        if not 1 <= quantity <= 99:
            raise InstallationError(
                _("Enter between 1 and 99 units of %(part)s.") % {"part": part.name}
            )
        interval = part.replacement_interval_months
        rows.append(
            InstallationConsumable(
                installation=installation,
                part=part,
                quantity=quantity,
                last_changed_on=installation.installed_on,
                interval_months=interval,
                next_due_on=next_due(installation.installed_on, interval),
            )
        )
    return rows


def installation_record(
    *,
    organisation: Organisation,
    by: User,
    details: InstallationDetails,
    draft: Installation | None = None,
    photos: list[InstallationPhoto] | None = None,
) -> Recorded:
    """Record a finished installation form; the customer gets their record.

    A serial number already recorded for the same appliance is refused
    without saying by whom; so is a consumable that does not fit. Nothing is
    kept when the form is refused, except what a draft already held.
    """
    try:
        return _installation_record(
            organisation=organisation,
            by=by,
            details=details,
            draft=draft,
            photos=photos or [],
        )
    except IntegrityError as error:
        # Two technicians recording the same serial at the same moment.
        # PostgreSQL names the constraint, SQLite the columns.
        message = str(error)
        if (
            "installation_serial_unique" in message
            or "accounts_installation.serial_number" in message
        ):
            raise _duplicate_serial(serial_normalise(details.serial_number)) from error
        raise


@transaction.atomic
def _installation_record(
    *,
    organisation: Organisation,
    by: User,
    details: InstallationDetails,
    draft: Installation | None,
    photos: list[InstallationPhoto],
) -> Recorded:
    _ensure_records(by, organisation)
    if details.appliance.kind != Product.Kind.APPLIANCE:
        raise InstallationError(_("Choose an appliance."))
    if details.installed_on > timezone.localdate():
        raise InstallationError(_("The installation date cannot be in the future."))
    serial = serial_normalise(details.serial_number)
    if not serial:
        raise InstallationError(_("Enter the serial number from the rating plate."))
    duplicates = Installation.objects.filter(
        appliance=details.appliance,
        serial_number=serial,
        status=Installation.Status.SUBMITTED,
    )
    if draft is not None:
        if not draft.is_draft or draft.organisation_id != organisation.pk:
            raise InstallationError(_("This installation is already recorded."))
        duplicates = duplicates.exclude(pk=draft.pk)
    if duplicates.exists():
        raise _duplicate_serial(serial)
    customer, joined = _customer_for(organisation, details)

    installation = draft or Installation(organisation=organisation)
    installation.status = Installation.Status.SUBMITTED
    installation.customer = customer
    installation.appliance = details.appliance
    installation.serial_number = serial
    installation.installed_on = details.installed_on
    installation.water_hardness = details.water_hardness
    installation.water_pressure = details.water_pressure
    installation.site_notes = details.site_notes.strip()
    installation.recorded_by = by
    installation.submitted_at = timezone.now()
    installation.draft_data = {}
    installation.save()
    InstallationConsumable.objects.bulk_create(
        _fitted(installation, details.consumables)
    )
    _attach_photos(installation, photos)

    invited = False
    if details.shares_record and not customer.shares_record:
        customer.shares_record = True
        customer.consent_recorded_at = timezone.now()
        customer.save(update_fields=["shares_record", "consent_recorded_at"])
    if customer.shares_record and customer.email:
        invited = customer_space_invite(customer=customer, installation=installation)
    return Recorded(installation, joined_existing_customer=joined, invited=invited)


def customer_space_invite(*, customer: Customer, installation: Installation) -> bool:
    """Give the customer a login without password and email them the way in.

    They sign in with a code sent to their address (allauth's login by code),
    which also confirms the address. Returns False when the address already
    belongs to a network or staff account: those people sign in as they do.
    """
    user = customer.user
    new_login = user is None
    if user is None:
        user = User.objects.filter(email__iexact=customer.email).first()
        if user is not None and (user.is_staff or hasattr(user, "membership")):
            return False
        if user is None:
            user = User.objects.create_user(
                email=customer.email,
                first_name=customer.first_name,
                last_name=customer.last_name,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=customer.email, defaults={"primary": True}
        )
        customer.user = user
        customer.save(update_fields=["user", "updated_at"])
    email_send_after_commit(
        template="accounts/email/customer_space",
        to=[customer.email],
        customer_id=customer.pk,
        context={
            "first_name": customer.first_name,
            # A customer who already has their space hears of one more appliance.
            "new_login": new_login,
            "installer": installation.organisation.name,
            "appliance": installation.appliance.name,
            "installed_on": date_format(installation.installed_on, "j F Y"),
            "url": _absolute(reverse("account_request_login_code")),
            "space_url": _absolute(reverse("customer_home")),
        },
    )
    return True


# --- Maintenance ---------------------------------------------------------------


def consumable_mark_changed(
    *, consumable: InstallationConsumable, on: date, by: User
) -> InstallationConsumable:
    """Record that a consumable was changed: its schedule starts again from then.

    The customer (who changed it themselves), the installer's technicians and
    owners (on a maintenance visit) and staff may say so. The next reminder
    follows the new due date.
    """
    installation = consumable.installation
    allowed = (
        by.is_staff
        or (installation.customer.user_id == by.pk)
        or (
            can_record_installations(by)
            and membership_of(user=by).organisation_id == installation.organisation_id
        )
    )
    if not allowed or installation.is_draft:
        raise InstallationError(_("This consumable is not yours to update."))
    if on > timezone.localdate():
        raise InstallationError(_("The change cannot be in the future."))
    if on < installation.installed_on:
        raise InstallationError(_("The change cannot be before the installation."))
    consumable.last_changed_on = on
    consumable.next_due_on = next_due(on, consumable.interval_months)
    consumable.save(update_fields=["last_changed_on", "next_due_on"])
    return consumable
