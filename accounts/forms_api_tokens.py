from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=80,
        help_text=_(
            "For example: shop till software, stock spreadsheet. One token per "
            "program, so that you can revoke one without stopping the others."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
