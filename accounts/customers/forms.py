"""The installation form a technician fills in on site, and the customer's forms.

Everything typed comes back when the form is sent back with an error; the
photos are kept aside by token (see
``accounts.customers.services.installation_photos.photo_upload``).
"""

import re
from dataclasses import fields

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.customers.models import Customer
from accounts.customers.services.installations import (
    CustomerDetails,
    InstallationDetails,
)
from ordering.catalogue.models import Compatibility, Product
from portal.widgets import PlainSelect

PHONE = re.compile(r"^\+?[\d\s().-]{6,25}$")
POSTCODE = re.compile(r"^\d{5}$")


def phone_clean(value: str) -> str:
    value = value.strip()
    if value and not PHONE.match(value):
        raise forms.ValidationError(_("Enter a phone number, e.g. 06 12 34 56 78."))
    return value


def postcode_clean(value: str) -> str:
    value = value.strip()
    if not POSTCODE.match(value):
        raise forms.ValidationError(_("Enter the five digits of the postcode."))
    return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several pictures from one input; each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


def appliances():
    return Product.objects.filter(kind=Product.Kind.APPLIANCE, is_active=True)


def fitting_consumables(appliance: Product | None):
    """The consumables of the compatibility table for this appliance."""
    if appliance is None:
        return Compatibility.objects.none()
    return (
        Compatibility.objects.filter(
            appliance=appliance,
            part__kind=Product.Kind.CONSUMABLE,
            part__is_active=True,
        )
        .select_related("part")
        .order_by("part__name")
    )


class InstallationForm(forms.Form):
    """One page, in the order a technician works on site."""

    # The customer: one the installer already serves, or a new one.
    customer_lookup = forms.CharField(
        label=_("Find the customer by email or phone"),
        required=False,
        max_length=100,
        # Enter here searches (see portal.js and the form's hidden first
        # button); a phone shows "Search" on its Enter key.
        widget=forms.TextInput(
            attrs={
                "inputmode": "email",
                "autocomplete": "off",
                "enterkeyhint": "search",
                "data-enter-clicks": "find-customer",
            }
        ),
    )
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.none(), required=False, widget=forms.HiddenInput
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Their customer space and maintenance reminders go there."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "type": "tel"}),
    )
    line1 = forms.CharField(label=_("Address"), max_length=200, required=False)
    line2 = forms.CharField(
        label=_("Address (continued)"), max_length=200, required=False
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    city = forms.CharField(label=_("Town"), max_length=100, required=False)

    # The appliance.
    appliance = forms.ModelChoiceField(
        label=_("Appliance"), queryset=appliances(), empty_label=_("Choose…")
    )
    serial_number = forms.CharField(
        label=_("Serial number"),
        max_length=40,
        help_text=_("As printed on the rating plate."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
    )
    firmware = forms.CharField(
        label=_("Firmware version"),
        max_length=30,
        required=False,
        help_text=_("As the appliance's display shows it, for example 2.4.1."),
    )
    installed_on = forms.DateField(
        label=_("Installation date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    water_hardness = forms.DecimalField(
        label=_("Water hardness (°f)"),
        required=False,
        min_value=0,
        max_value=150,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    water_pressure = forms.DecimalField(
        label=_("Water pressure (bar)"),
        required=False,
        min_value=0,
        max_value=20,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    site_notes = forms.CharField(
        label=_("Site notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Access, where the appliance is, anything the next visit needs."),
    )
    consumables = forms.MultipleChoiceField(
        label=_("Consumables fitted"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photos = MultiplePhotoField(
        label=_("Add photos"),
        required=False,
        help_text=_("Up to 10 pictures: JPEG, PNG, WebP or HEIC, 15 MB each."),
    )
    shares_record = forms.BooleanField(
        label=_(
            "The customer agrees that Oxyplus and we share this record, and to "
            "receive their customer space and maintenance reminders by email."
        ),
        required=False,
    )

    NEW_CUSTOMER_FIELDS = ("first_name", "last_name", "line1", "postcode", "city")

    def __init__(self, *args, served_customers, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = served_customers
        self.today = today or timezone.localdate()
        self.fields["installed_on"].initial = self.today
        self.fields["installed_on"].widget.attrs["max"] = self.today.isoformat()
        self.rows = list(fitting_consumables(self.chosen_appliance))
        self.fields["consumables"].choices = [
            (str(row.part_id), row.part.name) for row in self.rows
        ]

    @property
    def chosen_appliance(self) -> Product | None:
        """The appliance picked so far, even on a form that does not validate."""
        raw = self.data.get(self.add_prefix("appliance")) if self.is_bound else None
        raw = raw or self.initial.get("appliance")
        if not raw:
            return None
        raw = getattr(raw, "pk", raw)
        return appliances().filter(pk=raw).first() if str(raw).isdigit() else None

    def quantity_of(self, part_id: int, default: int) -> int | str:
        raw = self.data.get(f"qty_{part_id}") if self.is_bound else None
        raw = raw or self.initial.get(f"qty_{part_id}")
        return raw if raw not in (None, "") else default

    def clean_phone(self):
        return phone_clean(self.cleaned_data["phone"])

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        return postcode_clean(value) if value.strip() else ""

    def clean_installed_on(self):
        value = self.cleaned_data["installed_on"]
        if value > self.today:
            raise forms.ValidationError(
                _("The installation date cannot be after today.")
            )
        return value

    def clean_serial_number(self):
        return "".join(self.cleaned_data["serial_number"].split()).upper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("customer") is None:
            for name in self.NEW_CUSTOMER_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for a new customer."))
            if not cleaned.get("email") and not cleaned.get("phone"):
                self.add_error(
                    "email", _("Enter an email or a phone number to reach them.")
                )
        if cleaned.get("shares_record"):
            has_email = cleaned.get("email") or (
                cleaned.get("customer") and cleaned["customer"].email
            )
            if not has_email:
                self.add_error(
                    "email", _("The shared record is sent by email: enter one.")
                )
        cleaned["fitted"] = []
        by_id = {str(row.part_id): row for row in self.rows}
        for part_id in cleaned.get("consumables", []):
            raw = self.data.get(f"qty_{part_id}", "1")
            try:
                quantity = int(raw)
            except (TypeError, ValueError):
                quantity = 0
            if not 1 <= quantity <= 99:
                self.add_error(
                    "consumables",
                    _("Enter between 1 and 99 units of %(part)s.")
                    % {"part": by_id[part_id].part.name},
                )
                continue
            cleaned["fitted"].append((by_id[part_id].part, quantity))
        return cleaned

    def details(self) -> InstallationDetails:
        """What the service records, from a valid form."""
        data = self.cleaned_data
        new = None
        if data["customer"] is None:
            new = CustomerDetails(
                **{field.name: data[field.name] for field in fields(CustomerDetails)}
            )
        return InstallationDetails(
            appliance=data["appliance"],
            serial_number=data["serial_number"],
            firmware=data["firmware"].strip(),
            installed_on=data["installed_on"],
            customer=data["customer"],
            customer_details=new,
            shares_record=data["shares_record"],
            consumables=data["fitted"],
            water_hardness=data["water_hardness"],
            water_pressure=data["water_pressure"],
            site_notes=data["site_notes"],
        )


class InstallationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Customer, town or serial number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    appliance = forms.ModelChoiceField(
        label=_("Appliance"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("All appliances"),
        widget=PlainSelect,  # a busy reseller's 160 appliances, cheaply
    )
    due = forms.BooleanField(label=_("Maintenance due in 30 days"), required=False)
    recorded_from = forms.DateField(
        label=_("Recorded since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, installations, **kwargs):
        """``installations``: those the viewer sees; the filter offers only
        their appliances (a reseller's few, not the whole catalogue)."""
        super().__init__(*args, **kwargs)
        self.fields["appliance"].queryset = (
            Product.objects.filter(
                kind=Product.Kind.APPLIANCE,
                pk__in=installations.order_by().values("appliance_id"),
            )
            .only("pk", "reference", "name")  # what an option shows
            .order_by("name")
        )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the request's date and how it was made)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone."), required=True
    )
