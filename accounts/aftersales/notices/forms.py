from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.aftersales.models import ServiceVisit


class NoticeDoneForm(forms.Form):
    """What the installer did on the unit, and on which visit."""

    note = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visit = forms.ModelChoiceField(
        label=_("On the visit"),
        queryset=ServiceVisit.objects.none(),
        required=False,
        empty_label=_("No recorded visit"),
    )

    def __init__(self, *args, installation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = ServiceVisit.objects.filter(
            installation_id=installation_id
        ).order_by("-visited_on", "-pk")
