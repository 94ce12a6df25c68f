"""Recording installations: drafts, the shared customer record, consumables.

A technician's form is either kept as a draft, exactly as typed, or
recorded: then the customer is found or created (one record per person),
the consumables fitted start the maintenance schedule, and a customer who
agreed to the shared record is invited to their customer space.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.customers.models import (
    Customer,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
)
from accounts.customers.schedule import next_due
from accounts.customers.selectors import customers_visible_to_organisation
from accounts.customers.services.customer_links import (
    customer_link_ask,
    customer_space_invite,
)
from accounts.customers.services.installation_photos import attach_photos, photo_remove
from accounts.customers.services.installers import (
    DuplicateSerialError,
    InstallationError,
    can_record_installations,
    ensure_records,
)
from accounts.network.models import Organisation, User
from accounts.network.rights import active_organisation_of, may
from ordering.catalogue.models import Compatibility, Product

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
    ensure_records(by, organisation)
    if installation is None:
        installation = Installation(organisation=organisation, recorded_by=by)
    elif not installation.is_draft:
        raise InstallationError(_("This installation is already recorded."))
    installation.draft_data = form_data
    installation.save()
    attach_photos(installation, photos)
    return installation


@transaction.atomic
def installation_discard_draft(*, installation: Installation, by: User) -> None:
    """Delete a draft and its photos; a recorded installation stays."""
    ensure_records(by, installation.organisation)
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
    firmware: str = ""


@dataclass(frozen=True)
class Recorded:
    installation: Installation
    # The email already had a record the installer serves: the installation
    # joined it.
    joined_existing_customer: bool = False
    invited: bool = False
    # The email belongs to somebody else's customer: they were asked first.
    link_requested: bool = False


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


@dataclass(frozen=True)
class _CustomerFound:
    customer: Customer
    joined: bool = False
    # Another reseller's or channel's customer with the typed address: the
    # installation waits on its own record until they agree to join it.
    ask_to_join: Customer | None = None


def _customer_for(
    organisation: Organisation, details: InstallationDetails
) -> _CustomerFound:
    """The installation's customer: one the installer serves, an existing
    record the installer already serves by that address, or a new one."""
    if details.customer is not None:
        served = customers_visible_to_organisation(organisation)
        if not served.filter(pk=details.customer.pk).exists():
            raise InstallationError(_("Choose one of your customers."))
        return _CustomerFound(details.customer)
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
        if (
            existing is not None
            and customers_visible_to_organisation(organisation)
            .filter(pk=existing.pk)
            .exists()
        ):
            # One record per person: fill what it lacks, never overwrite it.
            if not existing.phone and new.phone:
                existing.phone = new.phone.strip()
                existing.save(update_fields=["phone", "updated_at"])
            return _CustomerFound(existing, joined=True)
    else:
        existing = None
    # Somebody else's customer is never shown to this installer: the typed
    # details make a record of their own, without the address (one record
    # per address), until the customer agrees to join the two.
    customer = Customer(
        first_name=new.first_name.strip(),
        last_name=new.last_name.strip(),
        email="" if existing is not None else email,
        phone=new.phone.strip(),
        line1=new.line1.strip(),
        line2=new.line2.strip(),
        postcode=new.postcode.strip(),
        city=new.city.strip(),
    )
    customer.full_clean()
    customer.save()
    return _CustomerFound(customer, ask_to_join=existing)


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
    ensure_records(by, organisation)
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
    found = _customer_for(organisation, details)
    customer = found.customer

    installation = draft or Installation(organisation=organisation)
    installation.status = Installation.Status.SUBMITTED
    installation.customer = customer
    installation.appliance = details.appliance
    installation.serial_number = serial
    installation.installed_on = details.installed_on
    installation.firmware = details.firmware
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
    attach_photos(installation, photos)

    invited = False
    if details.shares_record and not customer.shares_record:
        customer.shares_record = True
        customer.consent_recorded_at = timezone.now()
        customer.save(update_fields=["shares_record", "consent_recorded_at"])
    if customer.shares_record and customer.email:
        invited = customer_space_invite(customer=customer, installation=installation)
    if found.ask_to_join is not None:
        customer_link_ask(
            installation=installation,
            existing=found.ask_to_join,
            email=details.customer_details.email.strip().lower(),
        )
    return Recorded(
        installation,
        joined_existing_customer=found.joined,
        invited=invited,
        link_requested=found.ask_to_join is not None,
    )


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
    own = active_organisation_of(by)
    allowed = may(by, "consumables.mark_changed") and (
        may(by, "installations.view_network")
        or (may(by, "customer_space.use") and installation.customer.user_id == by.pk)
        or (
            can_record_installations(by)
            and own is not None
            and own.pk == installation.organisation_id
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
