"""``FormRenderer`` writes Django's form templates in Python: the same bytes
as Django's own renderer, for every kind of field the portal's forms show."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.widgets import FormRenderer

TRICKY = "Dupont & <Fils> \"quoted\" 'single'"


class EveryKind(forms.Form):
    name = forms.CharField(
        label=TRICKY,
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": _("Search"), "autofocus": True, "hidden": False}
        ),
    )
    safe = forms.CharField(label=mark_safe("<b>Bold</b>"), required=False)
    email = forms.EmailField(help_text="We write there.")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    count = forms.IntegerField(min_value=1, max_value=999)
    price = forms.DecimalField(max_digits=6, decimal_places=2, localize=True)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    site = forms.URLField(required=False, assume_scheme="https")
    tick = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(
        choices=[
            ("", "---"),
            ("a", TRICKY),
            ("Group <1>", [(1, 1234), (2, Decimal("1.5"))]),
        ]
    )
    kinds = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    way = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
    photo = forms.FileField(required=False)


DATA = {
    "name": TRICKY,
    "email": "not an email",
    "secret": "p<a>ss",
    "hidden": mark_safe("<i>"),
    "count": "12",
    "price": "1234,50",
    "day": "2026-12-08",
    "at": "2026-12-08 10:30",
    "tick": "on",
    "notes": "Line 1\n<Line 2>",
    "kind": "2",
    "kinds": ["a", "b"],
    "way": "y",
}


def _both(**kwargs):
    ours = EveryKind(renderer=FormRenderer(), **kwargs)
    django = EveryKind(renderer=DjangoTemplates(), **kwargs)
    return ours, django


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": DATA},
        {"data": {}},
        {"initial": {"day": date(2026, 1, 2), "at": datetime(2026, 1, 2, 3, 4)}},
        {"auto_id": False, "data": DATA},
        {"prefix": "p<x>", "data": DATA},
    ],
)
def test_each_field_label_and_form_is_django_s_byte_for_byte(language, kwargs):
    with translation.override(language):
        ours, django = _both(**kwargs)
        assert str(ours) == str(django)
        for name in EveryKind.base_fields:
            assert str(ours[name]) == str(django[name]), name
            assert ours[name].label_tag() == django[name].label_tag(), name
            assert ours[name].legend_tag(attrs={"class": "x"}) == django[
                name
            ].legend_tag(attrs={"class": "x"}), name


def test_the_textarea_keeps_an_empty_value_out_and_a_number_in():
    for value in ("", None, 0, 12, "a\n<b>"):
        ours = forms.Textarea().render("t", value, renderer=FormRenderer())
        django = forms.Textarea().render("t", value, renderer=DjangoTemplates())
        assert ours == django, value


def test_a_select_whose_options_have_their_own_template_is_left_to_django():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Marked(choices=[("a", "A")])
    ours = widget.render("m", "a", renderer=FormRenderer())
    assert ours == widget.render("m", "a", renderer=DjangoTemplates())
    assert "<label>" in ours  # the option's own template wrote it


def test_the_portal_s_forms_use_it():
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), FormRenderer)
    finally:
        get_default_renderer.cache_clear()
