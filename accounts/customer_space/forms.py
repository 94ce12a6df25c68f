"""The customer space's forms: their own details, a reorder of consumables."""

import uuid

from django import forms

from accounts.customers.forms import phone_clean, postcode_clean
from accounts.customers.models import Customer


class CustomerContactForm(forms.ModelForm):
    """What a customer corrects themselves: how to reach them, where they live."""

    class Meta:
        model = Customer
        fields = ["phone", "line1", "line2", "postcode", "city"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def clean_phone(self):
        return phone_clean(self.cleaned_data["phone"])

    def clean_postcode(self):
        return postcode_clean(self.cleaned_data["postcode"])


class ReorderForm(forms.Form):
    """A customer's reorder of one appliance's consumables.

    One quantity per consumable of the schedule, posted as ``qty_<part pk>``:
    anything but a whole number counts as none, and no line goes above
    ``MAX_QUANTITY`` (a slip of the finger, not an order for a shop). The
    submission key makes a form sent twice place one order.
    """

    MAX_QUANTITY = 99
    KEY_LENGTH = 64

    payment_method = forms.CharField(required=False, strip=False)
    submission_key = forms.CharField(required=False, strip=False)

    def __init__(self, *args, schedule, **kwargs):
        super().__init__(*args, **kwargs)
        self.schedule = schedule

    def quantity_posted(self, row) -> str | None:
        return self.data.get(f"qty_{row.part.pk}")

    def clean(self):
        cleaned = super().clean()
        items = []
        for row in self.schedule:
            raw = self.data.get(f"qty_{row.part.pk}", "0")
            quantity = int(raw) if raw.isdigit() else 0
            if quantity:
                items.append((row.part, min(quantity, self.MAX_QUANTITY)))
        cleaned["items"] = items
        key = (cleaned.get("submission_key") or "")[: self.KEY_LENGTH]
        cleaned["submission_key"] = key or uuid.uuid4().hex
        return cleaned
