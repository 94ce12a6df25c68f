"""Filters of the list pages: the fault code list and the consumables table.

The pages build these forms; the forms know no page model.
"""

from django import forms
from django.utils.translation import gettext_lazy

from ordering.catalogue.models import Product


def _appliance_filter() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=gettext_lazy("Appliance"),
        queryset=Product.objects.filter(kind=Product.Kind.APPLIANCE, is_active=True),
        required=False,
        empty_label=gettext_lazy("All appliances"),
    )


class FaultCodeFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Code or symptom"), required=False)
    appliance = _appliance_filter()
    # Choices given by the page: FaultCodePage.Severity.
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), required=False)
    technician = forms.ChoiceField(
        label=gettext_lazy("Technician"),
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Technician required")),
            ("no", gettext_lazy("Reseller can fix")),
        ],
        required=False,
    )

    def __init__(self, *args, severities: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = [("", gettext_lazy("All"))] + severities


class ConsumablesFilterForm(forms.Form):
    appliance = _appliance_filter()
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All parts"))]
        + [c for c in Product.Kind.choices if c[0] != Product.Kind.APPLIANCE],
        required=False,
    )
    paper = forms.ChoiceField(
        label=gettext_lazy("Poster size"),
        choices=[("a4", "A4"), ("a3", "A3")],
        required=False,
    )
