"""Forms of warranty claims: the installer's claim, and staff's decisions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.aftersales.models import WarrantyClaim
from accounts.aftersales.services.claims import MAX_PHOTOS, MAX_QUANTITY
from accounts.customers.forms import MultiplePhotoField


class ClaimForm(forms.Form):
    """A part claimed under warranty on one unit."""

    part = forms.ModelChoiceField(label=_("Part claimed"), queryset=None)
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1
    )
    fault_on = forms.DateField(
        label=_("Date of the fault"),
        # ISO in the value: a date field reads nothing else.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The warranty must cover this day."),
    )
    fault_code = forms.CharField(
        label=_("Fault code shown"), max_length=20, required=False
    )
    symptom = forms.CharField(
        label=_("Symptom"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the customer saw and what you found."),
    )
    photos = MultiplePhotoField(
        label=_("Photos of the part"),
        required=False,
        help_text=_("Up to %(count)s pictures: JPEG, PNG, WebP or HEIC.")
        % {"count": MAX_PHOTOS},
    )

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = parts

    def clean_fault_on(self):
        day = self.cleaned_data["fault_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date of the fault cannot be in the future.")
            )
        return day


class ClaimApproveForm(forms.Form):
    remedy = forms.ChoiceField(
        label=_("Settled by"),
        choices=WarrantyClaim.Remedy.choices,
        initial=WarrantyClaim.Remedy.REPLACEMENT,
    )
    return_required = forms.BooleanField(
        label=_("The faulty part must be sent back"), required=False, initial=True
    )
    instructions = forms.CharField(
        label=_("Return instructions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty: the standard instructions with the RMA number."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ClaimRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the claim is refused"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The installer reads it in the e-mail and on the claim."),
    )


class ClaimNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
