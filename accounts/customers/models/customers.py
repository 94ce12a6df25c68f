"""End customers and their installations: one shared record for every channel.

A ``Customer`` is one person, whether they first called the call center,
bought on the website or met an installer. Installers record each appliance
they fit as an ``Installation``; the consumables fitted with it give the
customer's maintenance schedule. Resellers see a customer through their own
installations and orders (``accounts.customers.selectors.customers_visible_to``); the
record itself is never copied, so a correction made by the customer is the
one every channel sees.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext_lazy as _

from accounts.network.models.organisations import Organisation
from portal.folding import Fold, serial_compacted
from portal.storage import private_storage

APPLIANCES = {"kind": "appliance"}
SITE_MEASURE = {"max_digits": 4, "decimal_places": 1, "null": True, "blank": True}


class Customer(models.Model):
    """A person the network serves; the same row for every channel."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer",
        verbose_name=_("customer space login"),
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("town"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="FR")
    # What name searches compare typed words with: "elise" finds Élise,
    # "orleans" a customer of Orléans (see portal.folding).
    search_folded = models.GeneratedField(
        expression=Fold(
            Concat(
                "first_name",
                Value(" "),
                "last_name",
                Value(" "),
                "city",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    shares_record = models.BooleanField(
        _("agrees to the shared record"),
        default=False,
        help_text=_(
            "The customer agrees that Oxyplus and their installer share this "
            "record, and to receive their customer space and maintenance reminders."
        ),
    )
    consent_recorded_at = models.DateTimeField(
        _("consent recorded"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )

    class Meta:
        db_table = "accounts_customer"
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            # One record per person: an address belongs to one customer.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="customer_email_unique",
            )
        ]
        indexes = [
            models.Index(fields=["phone"], name="customer_phone_idx"),
            models.Index(fields=["last_name", "first_name"], name="customer_name_idx"),
            models.Index(fields=["city"], name="customer_city_idx"),
        ]

    def __str__(self):
        return self.full_name or _("Customer %(pk)s") % {"pk": self.pk}

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def address_lines(self) -> list[str]:
        lines = [self.line1, self.line2, f"{self.postcode} {self.city}".strip()]
        return [line for line in lines if line]

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Installation(models.Model):
    """An appliance an installer fitted at a customer's home."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Recorded")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="installations",
        verbose_name=_("installer"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Empty while a draft: an unfinished form is kept as typed (draft_data).
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="installations",
        verbose_name=_("customer"),
    )
    appliance = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="installations",
        limit_choices_to=APPLIANCES,
        verbose_name=_("appliance"),
    )
    serial_number = models.CharField(_("serial number"), max_length=40, blank=True)
    # The serial without its hyphens, spaces, dots or slashes: "AB12345" and
    # "ab 12345" find AB-12345, and so do its last digits.
    serial_compact = models.GeneratedField(
        expression=serial_compacted(F("serial_number")),
        output_field=models.CharField(max_length=40),
        db_persist=True,
    )
    installed_on = models.DateField(_("installation date"), null=True, blank=True)
    # The software version the appliance runs, as its display shows it: a
    # safety notice may concern some versions only.
    firmware = models.CharField(_("firmware version"), max_length=30, blank=True)
    # Measured on site, to a tenth; left empty when not measured.
    water_hardness = models.DecimalField(_("water hardness (°f)"), **SITE_MEASURE)
    water_pressure = models.DecimalField(_("water pressure (bar)"), **SITE_MEASURE)
    site_notes = models.TextField(_("site notes"), blank=True)
    draft_data = models.JSONField(default=dict, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        db_table = "accounts_installation"
        verbose_name = _("installation")
        verbose_name_plural = _("installations")
        ordering = ["-installed_on", "-pk"]
        constraints = [
            # A serial number identifies one appliance: it is installed once.
            models.UniqueConstraint(
                fields=["appliance", "serial_number"],
                condition=Q(status="submitted"),
                name="installation_serial_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(customer__isnull=False, appliance__isnull=False)
                    & Q(installed_on__isnull=False)
                    & ~Q(serial_number="")
                ),
                name="installation_recorded_is_complete",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-installed_on"],
                name="installation_org_recent_idx",
            ),
            models.Index(fields=["serial_number"], name="installation_serial_idx"),
            models.Index(fields=["serial_compact"], name="installation_compact_idx"),
            # The appliances a reseller has installed (the list's filter).
            models.Index(
                fields=["organisation", "appliance"],
                name="installation_org_appliance_idx",
            ),
        ]

    def __str__(self):
        if self.appliance_id and self.serial_number:
            return f"{self.appliance} · {self.serial_number}"
        return _("Installation draft %(pk)s") % {"pk": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


def _photo_path(photo: "InstallationPhoto", filename: str) -> str:
    # Never the uploaded name: it may say who the customer is.
    return f"installations/{photo.organisation_id}/{photo.token}.jpg"


class InstallationPhoto(models.Model):
    """A picture of the installation, re-encoded and kept in private storage.

    Uploaded photos wait without an installation until the form is saved
    (as a draft or recorded): a form sent back with an error keeps them.
    """

    token = models.CharField(max_length=32, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    installation = models.ForeignKey(
        Installation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    image = models.FileField(upload_to=_photo_path, storage=private_storage)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "accounts_installationphoto"
        verbose_name = _("installation photo")
        verbose_name_plural = _("installation photos")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.token


class CustomerLink(models.Model):
    """An installer recorded an appliance with an address that Oxyplus already
    knows as another reseller's or another channel's customer.

    The installation is kept on a separate record with the details the
    installer typed; the address's owner is e-mailed a single-use link, and
    only when they agree is the installation joined to their own record (and
    the installer allowed to see it). Only the link's SHA-256 is stored.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the customer")
        ACCEPTED = "accepted", _("Joined by the customer")
        DECLINED = "declined", _("Refused by the customer")

    # The installer's separate record: deleted once joined (the rows move).
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        related_name="links_asked",
        verbose_name=_("installer's record"),
    )
    existing = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="links_offered",
        verbose_name=_("existing record"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("installer")
    )
    installation = models.ForeignKey(
        Installation,
        on_delete=models.SET_NULL,
        null=True,
        related_name="customer_links",
        verbose_name=_("installation"),
    )
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        db_table = "accounts_customerlink"
        verbose_name = _("request to join a customer record")
        verbose_name_plural = _("requests to join a customer record")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} ({self.get_state_display()})"
