"""Users, reseller organisations, memberships and invitations."""

import hashlib
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey

from portal.clusters import ClusterableModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an email address; there is no username."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Oxyplus employees: call center, managers, editors."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


postcode_prefix_validator = RegexValidator(
    r"^(\d{1,5}|2[AB]\d{0,3})$",
    _("Enter one to five digits of a French postcode, for example 69 or 690."),
)


class Organisation(ClusterableModel):
    """A reseller or installer company of the Oxyplus network."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    class InvoicingMode(models.TextChoices):
        PER_SHIPMENT = "shipment", _("One invoice per shipment")
        MONTHLY = "monthly", _("One invoice a month for the month's deliveries")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    legal_identifier = models.CharField(
        _("legal identifier"),
        max_length=14,
        unique=True,
        validators=[RegexValidator(r"^\d{9}(\d{5})?$", _("Enter a SIREN or SIRET."))],
        help_text=_("SIREN (9 digits) or SIRET (14 digits)."),
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    suspension_reason = models.CharField(
        _("reason for suspension"),
        max_length=250,
        blank=True,
        help_text=_("Shown to the organisation's members when they try to log in."),
    )
    may_order_on_account = models.BooleanField(
        _("may order on account"),
        default=False,
        help_text=_("Orders are invoiced later instead of paid by card."),
    )
    price_list = models.ForeignKey(
        "catalogue.PriceList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("price list"),
        help_text=_("Empty: catalogue prices."),
    )
    commission_rate = models.DecimalField(
        _("commission rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        db_default=Decimal("5.00"),  # the bench data set inserts rows with SQL
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
        help_text=_(
            "Paid on the online and call-center sales credited to this reseller, "
            "on the amount excluding VAT."
        ),
    )
    # Invoicing (ordering.invoicing): what the invoices say and when they fall due.
    vat_number = models.CharField(
        _("VAT number"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}[0-9A-Z]{2,13}$",
                _("Enter an intra-community VAT number, such as FR40512345678."),
            )
        ],
    )
    invoicing_mode = models.CharField(
        _("invoicing"),
        max_length=10,
        choices=InvoicingMode.choices,
        default=InvoicingMode.PER_SHIPMENT,
        db_default=InvoicingMode.PER_SHIPMENT,
    )
    payment_term_days = models.PositiveSmallIntegerField(
        _("payment term (days)"), default=30, db_default=30
    )
    payment_term_end_of_month = models.BooleanField(
        _("end of month"),
        default=True,
        db_default=True,
        help_text=_("30 days end of month: due on the last day of that month."),
    )
    credit_limit = models.DecimalField(
        _("credit limit"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "What the organisation may owe, invoiced or ordered on account and "
            "not yet paid. Empty: no limit."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [
            ("view_network_dashboard", _("Can see the dashboards of the network")),
            ("reassign_credit", _("Can credit a sale to another reseller")),
        ]

    def __str__(self):
        return self.name

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED


class OrganisationAddress(models.Model):
    """A billing or delivery address of an organisation."""

    class Kind(models.TextChoices):
        BILLING = "billing", _("Billing")
        DELIVERY = "delivery", _("Delivery")

    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="addresses"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(
        _("label"), max_length=80, blank=True, help_text=_("For example: Warehouse")
    )
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="FR")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["kind", "label", "id"]

    def __str__(self):
        parts = [self.line1, self.line2, f"{self.postcode} {self.city}"]
        return ", ".join(p for p in parts if p)


class TerritoryPrefix(models.Model):
    """A postcode prefix of the area where sales are credited to a reseller."""

    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="territory"
    )
    postcode_prefix = models.CharField(
        _("postcode prefix"), max_length=5, validators=[postcode_prefix_validator]
    )

    class Meta:
        verbose_name = _("territory postcode prefix")
        verbose_name_plural = _("territory")
        ordering = ["postcode_prefix"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "postcode_prefix"],
                name="territory_prefix_unique_per_organisation",
            )
        ]

    def __str__(self):
        return self.postcode_prefix


class Role(models.TextChoices):
    OWNER = "owner", pgettext_lazy("reseller role", "Owner")
    BUYER = "buyer", pgettext_lazy("reseller role", "Buyer")
    TECHNICIAN = "technician", pgettext_lazy("reseller role", "Technician")


class Membership(models.Model):
    """A reseller user's place in their organisation; one organisation per user."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "user__email"]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def hash_token(token: str) -> str:
    """Only a hash of an invitation token is stored, like a password."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation for an email address to join an organisation with a role."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    renewal_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "email"])]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
