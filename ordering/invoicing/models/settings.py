"""The seller's details, kept in the Wagtail admin."""

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from accounts.network.wagtail_hooks import RightsPermissionPolicy
from ordering.invoicing.models.fields import money_field


@register_setting(icon="doc-full")
class InvoicingSettings(BaseGenericSetting):
    """Who issues the invoices: the mentions French law requires of the seller.

    Kept in the Wagtail admin (Settings), so a change of address or capital
    is a form, not a release; each invoice keeps the values of its day.
    """

    legal_name = models.CharField(_("company name"), max_length=200, default="Oxyplus")
    legal_form = models.CharField(_("legal form"), max_length=40, default="SAS")
    share_capital = models.CharField(
        _("share capital"),
        max_length=40,
        default="1 000 000 €",
        help_text=_("As the trade registry writes it, for example 1 000 000 €."),
    )
    registry = models.CharField(
        _("trade registry"),
        max_length=80,
        default="RCS Lyon",
        help_text=_("The registry and its town, as in RCS Lyon: the SIREN follows it."),
    )
    siren = models.CharField(
        "SIREN",
        max_length=9,
        default="512345678",
        validators=[RegexValidator(r"^\d{9}$", _("Enter the 9 digits of the SIREN."))],
    )
    siret = models.CharField(
        "SIRET",
        max_length=14,
        default="51234567800014",
        validators=[
            RegexValidator(r"^\d{14}$", _("Enter the 14 digits of the SIRET."))
        ],
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=20, default="FR40512345678"
    )
    address_line1 = models.CharField(
        _("address"), max_length=200, default="12 rue de l’Industrie"
    )
    address_line2 = models.CharField(
        _("address (continued)"), max_length=200, blank=True
    )
    postcode = models.CharField(_("postcode"), max_length=10, default="69007")
    city = models.CharField(_("city"), max_length=100, default="Lyon")
    country = models.CharField(_("country"), max_length=2, default="FR")
    email = models.EmailField(
        _("accounts e-mail"), default="comptabilite@oxyplus.example"
    )
    phone = models.CharField(
        _("accounts phone"),
        max_length=30,
        default="04 72 00 00 00",
        help_text=_("Named in the message that refuses an order on account."),
    )
    iban = models.CharField("IBAN", max_length=34, blank=True)
    bic = models.CharField("BIC", max_length=11, blank=True)
    late_penalty_rate = models.DecimalField(
        _("late-payment penalty rate (% a year)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("12.15"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "At least three times the legal interest rate; usually the ECB "
            "rate plus 10 points."
        ),
    )
    recovery_fee = money_field(
        _("fixed recovery fee"),
        default=Decimal("40.00"),
        help_text=_("Owed by professionals for each invoice paid late (40 € by law)."),
    )
    early_payment_discount = models.CharField(
        _("early-payment discount"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty when there is none: the invoice says “none”."),
    )
    overdue_block_days = models.PositiveSmallIntegerField(
        _("refuse orders on account after (days overdue)"),
        default=15,
        help_text=_(
            "An organisation with an invoice overdue by more than this many "
            "days may no longer order on account."
        ),
    )

    class Meta:
        verbose_name = _("invoicing")

    @classmethod
    def get_permission_policy(cls):
        # The rights table, not the groups' model permissions (ADMIN_ACTIONS).
        return RightsPermissionPolicy(cls)
