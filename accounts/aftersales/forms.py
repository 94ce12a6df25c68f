"""The visit form a technician fills in at the customer's home, on a phone."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.aftersales.models import ServiceVisit
from accounts.aftersales.services.visits import VisitDetails
from accounts.customers.forms import MultiplePhotoField
from accounts.customers.models import Installation
from ordering.catalogue.models import ServiceChecklistItem

FIXED_CHOICES = [("", _("—")), ("yes", _("Yes")), ("no", _("No"))]


class VisitForm(forms.Form):
    """One page, in the order the visit goes; the checklist is the appliance's."""

    kind = forms.ChoiceField(
        label=_("Kind of visit"),
        choices=ServiceVisit.Kind.choices,
        initial=ServiceVisit.Kind.MAINTENANCE,
    )
    visited_on = forms.DateField(
        label=_("Visit date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consumables = forms.TypedMultipleChoiceField(
        label=_("Consumables changed"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parts = forms.TypedMultipleChoiceField(
        label=_("Parts used"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fault_code = forms.CharField(
        label=_("Fault code found"), max_length=20, required=False
    )
    fixed = forms.TypedChoiceField(
        label=_("Fixed on this visit (repair)"),
        choices=FIXED_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(label=_("Add photos"), required=False)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    signed_by = forms.CharField(
        label=_("Signed by"),
        max_length=150,
        required=False,
        help_text=_("The name of the customer who signs."),
    )

    def __init__(self, *args, installation: Installation, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["visited_on"].initial = today
        self.fields["visited_on"].widget.attrs.update(
            min=installation.installed_on.isoformat(), max=today.isoformat()
        )
        # The signature is a data URL of some hundred kilobytes: the service
        # checks its size, the form only bounds the text it keeps.
        self.fields["signature"].max_length = 500_000
        self.checklist = list(installation.appliance.checklist_items.all())
        self.consumable_rows = list(installation.consumables.select_related("part"))
        self.part_rows = list(
            installation.appliance.compatible_parts.select_related("part").order_by(
                "part__name"
            )
        )
        self.fields["consumables"].choices = [
            (row.pk, row.part.name) for row in self.consumable_rows
        ]
        self.fields["parts"].choices = [
            (row.part_id, row.part.name) for row in self.part_rows
        ]
        for item in self.checklist:
            if item.kind == ServiceChecklistItem.Kind.MEASURE:
                self.fields[f"measure_{item.pk}"] = forms.DecimalField(
                    label=item.label,
                    required=False,
                    max_digits=10,
                    decimal_places=3,
                    widget=forms.NumberInput(
                        attrs={"step": "any", "inputmode": "decimal"}
                    ),
                )
            else:
                self.fields[f"check_{item.pk}"] = forms.BooleanField(
                    label=item.label, required=False
                )
        for row in self.part_rows:
            self.fields[f"part_qty_{row.part_id}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, max_value=99, required=False
            )

    def checklist_rows(self):
        """Each point with its bound field, for the template."""
        for item in self.checklist:
            name = (
                f"measure_{item.pk}"
                if item.kind == ServiceChecklistItem.Kind.MEASURE
                else f"check_{item.pk}"
            )
            yield {"item": item, "field": self[name]}

    def part_fields(self):
        chosen = {str(v) for v in (self["parts"].value() or [])}
        for row in self.part_rows:
            yield {
                "row": row,
                "checked": str(row.part_id) in chosen,
                "quantity": self[f"part_qty_{row.part_id}"],
            }

    def consumable_fields(self):
        chosen = {str(v) for v in (self["consumables"].value() or [])}
        for row in self.consumable_rows:
            yield {"row": row, "checked": str(row.pk) in chosen}

    def clean(self):
        data = super().clean()
        if data.get("kind") != ServiceVisit.Kind.REPAIR:
            data["fixed"] = None
        return data

    def details(self) -> VisitDetails:
        data = self.cleaned_data
        answers = {}
        for item in self.checklist:
            if item.kind == ServiceChecklistItem.Kind.MEASURE:
                answers[item.pk] = data.get(f"measure_{item.pk}")
            else:
                answers[item.pk] = data.get(f"check_{item.pk}", False)
        return VisitDetails(
            kind=data["kind"],
            visited_on=data["visited_on"],
            answers=answers,
            consumable_ids=list(data["consumables"]),
            parts={
                part_id: data.get(f"part_qty_{part_id}") or 1
                for part_id in data["parts"]
            },
            fault_code=data["fault_code"],
            fixed=data["fixed"],
            notes=data["notes"],
            signature=data["signature"],
            signed_by=data["signed_by"],
        )
