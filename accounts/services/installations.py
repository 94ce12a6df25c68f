"""Recording installations: photos, drafts, the shared customer record.

A technician's form is either kept as a draft, exactly as typed, or
recorded: then the customer is found or created (one record per person),
the consumables fitted start the maintenance schedule, and a customer who
agreed to the shared record is invited to their customer space.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ordering.models import Compatibility, Product
from portal.links import absolute_url

from ..models import (
    Customer,
    CustomerLink,
    Installation,
    InstallationConsumable,
    InstallationPhoto,
    Organisation,
    User,
    hash_token,
)
from ..photos import PhotoRejected, photo_clean
from ..rights import active_organisation_of, may
from ..schedule import next_due
from ..selectors import customers_visible_to_organisation
from ..tasks import email_send_after_commit


class InstallationError(Exception):
    """A refusal whose message is fit for the technician."""


class DuplicateSerialError(InstallationError):
    pass


class PhotoError(InstallationError):
    pass


def can_record_installations(user: User) -> bool:
    """Technicians and owners of an active reseller record installations."""
    return may(user, "installations.record")


def _ensure_records(user: User, organisation: Organisation) -> None:
    own = active_organisation_of(user)
    if not can_record_installations(user) or own is None or own.pk != organisation.pk:
        raise InstallationError(
            _("Only technicians and owners of the installer record installations.")
        )


# --- Photos ----------------------------------------------------------------------


@dataclass(frozen=True)
class PhotosAdded:
    """The form's photos after an upload, and why any file was refused."""

    photos: list[InstallationPhoto]
    refused: list[str] = field(default_factory=list)


def _named(upload) -> str:
    return (getattr(upload, "name", "") or "")[:80]


def _too_many(names: list[str], limit: int) -> str:
    shown = ", ".join(name or _("a photo") for name in names[:5])
    if len(names) > 5:
        shown += ", …"
    return ngettext(
        "%(names)s was not added: an installation keeps at most %(limit)s "
        "photos. Remove one to add another.",
        "%(count)s photos were not added (%(names)s): an installation keeps at "
        "most %(limit)s photos. Remove some to add others.",
        len(names),
    ) % {"names": shown, "count": len(names), "limit": limit}


def _pending_make_room(by: User, *, keep: list[InstallationPhoto], new: int) -> None:
    """Keep the user's photos waiting for a form under the per-user bound.

    The oldest photos of forms left unsaved give way; those of the form
    being sent (``keep``) never do. They would be purged within a day anyway.
    """
    pending = InstallationPhoto.objects.filter(
        uploaded_by=by, installation__isnull=True
    ).exclude(pk__in=[p.pk for p in keep])
    excess = (
        pending.count()
        + sum(1 for p in keep if p.installation_id is None)
        + new
        - settings.PORTAL_PHOTOS_PENDING_PER_USER
    )
    if excess <= 0:
        return
    for photo in pending.order_by("created_at", "pk")[:excess]:
        storage, name = photo.image.storage, photo.image.name
        photo.delete()
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))


def photos_add(
    *,
    organisation: Organisation,
    by: User,
    kept: list[InstallationPhoto],
    uploads: list,
) -> PhotosAdded:
    """Check the pictures sent with a form, then keep those that pass.

    The count comes first: files past the form's limit
    (``PORTAL_PHOTOS_PER_INSTALLATION``, with the ``kept`` ones) are refused
    unread, the first ones in the order sent are taken. Each other file is
    checked and re-encoded in memory; only a picture that passes is written
    to the private storage, so a refused file never is. The user's photos
    waiting for a form stay under ``PORTAL_PHOTOS_PENDING_PER_USER``.
    """
    _ensure_records(by, organisation)
    per_form = settings.PORTAL_PHOTOS_PER_INSTALLATION
    pending_kept = sum(1 for p in kept if p.installation_id is None)
    room = max(
        0,
        min(
            per_form - len(kept),
            settings.PORTAL_PHOTOS_PENDING_PER_USER - pending_kept,
        ),
    )
    uploads = [u for u in uploads if u]
    refused = []
    cleaned = []
    for upload in uploads[:room]:
        try:
            cleaned.append(photo_clean(upload, name=_named(upload)))
        except PhotoRejected as error:
            refused.append(str(error))
    extra = uploads[room:]
    if extra:
        refused.append(_too_many([_named(u) for u in extra], per_form))
    if not cleaned:
        return PhotosAdded(list(kept), refused)
    _pending_make_room(by, keep=kept, new=len(cleaned))
    photos = list(kept)
    for clean in cleaned:
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
        photos.append(photo)
    return PhotosAdded(photos, refused)


def photo_upload(*, organisation: Organisation, by: User, upload) -> InstallationPhoto:
    """Check and re-encode one uploaded picture; it waits for its form.

    A refused file (not a picture, too large, too many pixels) raises
    ``PhotoError`` and stores nothing.
    """
    added = photos_add(organisation=organisation, by=by, kept=[], uploads=[upload])
    if added.refused:
        raise PhotoError(added.refused[0])
    return added.photos[0]


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
    found = _customer_for(organisation, details)
    customer = found.customer

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
    if found.ask_to_join is not None:
        _customer_link_ask(
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


# --- Joining another channel's customer record, with their consent ----------------


def _customer_link_ask(
    *, installation: Installation, existing: Customer, email: str
) -> CustomerLink:
    """E-mail the address's owner a single-use link to join the installation
    to their record; the installer is told nothing about them."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = CustomerLink.objects.create(
        customer=installation.customer,
        existing=existing,
        organisation=installation.organisation,
        installation=installation,
        email=email,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=settings.PORTAL_CUSTOMER_LINK_VALID_DAYS),
    )
    email_send_after_commit(
        template="accounts/email/customer_link",
        to=[email],
        customer_id=existing.pk,
        context={
            "first_name": existing.first_name,
            "installer": installation.organisation.name,
            "appliance": installation.appliance.name,
            "installed_on": date_format(installation.installed_on, "j F Y"),
            # The town only: a mistyped address must not tell a stranger where
            # somebody lives.
            "town": f"{installation.customer.postcode} {installation.customer.city}",
            "url": absolute_url(reverse("customer_link", args=[token])),
            "expires_on": date_format(timezone.localtime(link.expires_at), "j F Y"),
        },
    )
    return link


class CustomerLinkError(InstallationError):
    """The link was used, refused, has expired or never existed."""


def customer_link_for_token(*, token: str) -> CustomerLink | None:
    """The request a link points to, whatever its state, or None."""
    return (
        CustomerLink.objects.select_related(
            "organisation", "installation__appliance", "customer", "existing"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def _pending_link(token: str) -> CustomerLink:
    link = (
        CustomerLink.objects.select_for_update()
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise CustomerLinkError(_("This link is not valid."))
    if link.state != CustomerLink.State.PENDING:
        raise CustomerLinkError(_("This request was already answered."))
    if link.expires_at <= timezone.now() or link.customer is None:
        raise CustomerLinkError(
            _("This link has expired. Ask your installer or call %(phone)s.")
            % {"phone": settings.PORTAL_SUPPORT_PHONE}
        )
    return link


@transaction.atomic
def customer_link_accept(*, token: str) -> Customer:
    """The customer agrees: what the installer recorded joins their record.

    Every row that points to the installer's separate record (installations,
    orders, callbacks, e-mails) moves to the customer's own; the separate
    record goes. The customer thereby agrees to share the record with this
    installer.
    """
    link = _pending_link(token)
    existing = Customer.objects.select_for_update().get(pk=link.existing_id)
    if existing.is_erased:
        raise CustomerLinkError(_("This customer record was erased."))
    separate = link.customer
    for relation in Customer._meta.related_objects:
        if relation.one_to_many and relation.related_model is not CustomerLink:
            field = relation.field.name
            relation.related_model.objects.filter(**{field: separate}).update(
                **{field: existing}
            )
    if not existing.phone and separate.phone:
        existing.phone = separate.phone
    existing.shares_record = True
    existing.consent_recorded_at = timezone.now()
    existing.save()
    link.state = CustomerLink.State.ACCEPTED
    link.decided_at = timezone.now()
    link.customer = None
    link.save(update_fields=["state", "decided_at", "customer"])
    separate.delete()
    installation = link.installation
    if installation is not None and existing.email:
        customer_space_invite(customer=existing, installation=installation)
    return existing


@transaction.atomic
def customer_link_decline(*, token: str) -> None:
    """The customer says it is not them, or not to join: nothing moves."""
    link = _pending_link(token)
    link.state = CustomerLink.State.DECLINED
    link.decided_at = timezone.now()
    link.save(update_fields=["state", "decided_at"])


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
            "url": absolute_url(reverse("account_request_login_code")),
            "space_url": absolute_url(reverse("customer_home")),
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
