"""Forms to ask for a callback (customer, reseller, agent) and to work on one."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.callbacks.models import CallbackRequest
from accounts.callbacks.services import CallbackDetails
from accounts.customers.forms import phone_clean
from accounts.customers.models import Installation
from accounts.network.models import Organisation, User
from accounts.network.rights import staff_holding
from portal.folding import serial_compact, serial_matches


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class InstallationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Installation) -> str:
        return f"{obj.appliance.name} · {obj.serial_number}"


class CallbackForm(forms.Form):
    """What a customer tells: about which appliance, why, when to call."""

    installation = InstallationChoiceField(
        label=_("Appliance concerned"),
        queryset=Installation.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )
    reason = forms.ChoiceField(
        label=_("What is it about?"), choices=CallbackRequest.Reason.choices
    )
    fault_code = forms.CharField(
        label=_("Fault code shown, if any"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 8}),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phone = forms.CharField(
        label=_("Number to call"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    preferred_on = forms.DateField(
        label=_("Preferred day"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the preferred slot, else within one working day."),
    )
    preferred_slot = forms.ChoiceField(
        label=_("Preferred time"),
        choices=CallbackRequest.Slot.choices,
        initial=CallbackRequest.Slot.ANY,
    )

    def __init__(self, *args, installations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if installations is not None:
            self.fields["installation"].queryset = installations.select_related(
                "appliance"
            )

    def clean_phone(self):
        return phone_clean(self.cleaned_data["phone"])

    def clean_preferred_on(self):
        day = self.cleaned_data["preferred_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day

    def details_for_service(self, installation=None) -> CallbackDetails:
        data = self.cleaned_data
        return CallbackDetails(
            reason=data["reason"],
            phone=data["phone"],
            installation=installation or data.get("installation"),
            fault_code=data.get("fault_code", ""),
            details=data.get("details", ""),
            preferred_on=data.get("preferred_on"),
            preferred_slot=data.get("preferred_slot") or CallbackRequest.Slot.ANY,
        )


class ResellerCallbackForm(CallbackForm):
    """A reseller asks Oxyplus to call their customer, or keeps it for the team."""

    serial_number = forms.CharField(
        label=_("Serial number of the appliance"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("The customer is found from the appliance you installed."),
    )
    who_calls = forms.ChoiceField(
        label=_("Who calls the customer back?"),
        choices=[
            ("oxyplus", _("The Oxyplus call center")),
            ("us", _("Our team")),
        ],
        widget=forms.RadioSelect,
        initial="oxyplus",
    )

    field_order = ["serial_number", "reason", "fault_code", "details", "phone"]

    def __init__(self, *args, installation=None, installations=None, **kwargs):
        super().__init__(*args, installations=installations, **kwargs)
        self.installations = installations
        self.installation = installation
        del self.fields["installation"]
        if installation is not None:
            del self.fields["serial_number"]
        else:
            self.fields["serial_number"].required = True

    def clean(self):
        data = super().clean()
        serial = data.get("serial_number", "").strip()
        if self.installation is None and serial:
            recorded = self.installations.filter(
                status=Installation.Status.SUBMITTED
            ).select_related("customer", "appliance")
            # Typed with or without its separators; else its last digits,
            # when they point to one unit only.
            found = recorded.filter(serial_compact=serial_compact(serial)).first()
            if found is None:
                tail = list(recorded.filter(serial_matches(serial))[:2])
                found = tail[0] if len(tail) == 1 else None
            if found is None:
                self.add_error(
                    "serial_number",
                    _("None of your recorded installations has this serial number."),
                )
            self.installation = found
        return data


class OwnerFields(forms.Form):
    """Who calls back: an agent, a reseller's team, or nobody yet (the queue)."""

    owner = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("The call center's queue"),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Or a reseller"),
        queryset=Organisation.objects.filter(status=Organisation.Status.ACTIVE),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = agents()

    def clean(self):
        data = super().clean()
        if data.get("owner") and data.get("owner_organisation"):
            self.add_error(
                "owner_organisation",
                _("Give the callback to an agent or to a reseller, not both."),
            )
        return data

    def ownership(self) -> dict:
        """Who calls back, as the services take it."""
        return {
            "owner": self.cleaned_data["owner"],
            "owner_organisation": self.cleaned_data["owner_organisation"],
        }


class StaffCallbackForm(OwnerFields, CallbackForm):
    """An agent records the request during the call and says who calls back."""

    due_at = forms.DateTimeField(
        label=_("Call back by"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Empty: the preferred slot, else within one working day."),
    )

    field_order = [*CallbackForm.base_fields, "due_at", "owner", "owner_organisation"]

    def clean(self):
        data = super().clean()
        due = data.get("due_at")
        if due is not None and due <= timezone.now():
            self.add_error("due_at", _("Choose a time still to come."))
        return data


def agents():
    """Active staff of the call center and managers: who may own a callback."""
    return staff_holding("callbacks.view_network").order_by(
        "first_name", "last_name", "email"
    )


class CallbackCompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("How did the call go?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CallbackAssignForm(OwnerFields):
    pass
