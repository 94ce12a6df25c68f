"""The invoices tab's filters and the statement's period: GET forms whose
invalid fields are dropped, never a server error."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ordering.invoicing.listings import SEARCH_MAX_LENGTH, invoiced_organisations
from ordering.invoicing.models import Invoice


class _Period(forms.Form):
    """Two dates, the second not before the first."""

    start_field, end_field = "issued_from", "issued_to"

    def clean(self):
        data = super().clean()
        start, end = data.get(self.start_field), data.get(self.end_field)
        if start and end and start > end:
            self.add_error(self.end_field, _("The end date is before the start date."))
        return data

    def valid_data(self) -> dict:
        """The fields that are valid; an invalid one is left out and shown
        with its message, the others still filter."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors
        }


def _date(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    """Staff: one reseller, named by its slug in the address."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=invoiced_organisations(),
            to_field_name="slug",
            required=False,
            empty_label=_("Every reseller"),
            **kwargs,
        )


class InvoiceFilterForm(_Period):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Invoice number, order number, your reference"),
            }
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", pgettext_lazy("invoice status", "Any")),
            *Invoice.Status.choices,
        ],
    )
    issued_from = _date(_("Issued from"))
    issued_to = _date(_("Issued to"))

    def __init__(self, *args, network: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if network:
            self.fields["organisation"] = OrganisationChoiceField(label=_("Reseller"))


class StatementPeriodForm(_Period):
    start_field, end_field = "start", "end"

    start = _date(_("From"))
    end = _date(_("To"))
