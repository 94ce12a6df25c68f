"""``PlainSelect`` writes what Django's ``Select`` writes, without templates."""

from django import forms
from django.test.html import parse_html

from portal.widgets import PlainSelect

CHOICES = [
    ("", "All appliances"),
    (1, "AquaPure 300"),
    (2, 'Osmo "Pure" <100> & co'),
    ("Group", [(3, "Lamp"), (4, "Filter")]),
]


def _both(value, attrs=None):
    plain = PlainSelect(choices=CHOICES, attrs=attrs)
    django = forms.Select(choices=CHOICES, attrs=attrs)
    return (
        parse_html(plain.render("appliance", value, {"id": "id_appliance"})),
        parse_html(django.render("appliance", value, {"id": "id_appliance"})),
    )


def test_the_plain_select_is_django_s_select_option_for_option():
    for value in (None, "", 2, "4", "unknown"):
        plain, django = _both(value, attrs={"required": True, "class": "x"})
        assert plain == django, value


def test_a_form_field_with_it_renders_its_label_choice_and_selection():
    class Filter(forms.Form):
        appliance = forms.ChoiceField(
            choices=CHOICES, required=False, widget=PlainSelect
        )

    html = str(Filter({"appliance": "3"})["appliance"])
    assert '<option value="3" selected>Lamp</option>' in html
    assert "&lt;100&gt; &amp; co" in html
    assert 'id="id_appliance"' in html


def test_a_model_choice_field_renders_as_django_s_with_its_selection(db):
    from ordering.catalogue.models import Product

    for n, name in enumerate(["Osmo <Pure>", "AquaPure 300", "Adoucisseur"]):
        Product.objects.create(
            reference=f"AP-{n}", name=name, kind=Product.Kind.APPLIANCE, unit_price=1
        )
    chosen = Product.objects.get(reference="AP-0")

    def rendered(widget):
        class Filter(forms.Form):
            appliance = forms.ModelChoiceField(
                queryset=Product.objects.order_by("name"),
                required=False,
                empty_label="All appliances",
                widget=widget,
            )

        return parse_html(str(Filter({"appliance": str(chosen.pk)})["appliance"]))

    assert rendered(PlainSelect) == rendered(forms.Select)
    html = str(rendered(PlainSelect))
    assert f'<option selected value="{chosen.pk}">\nAP-0 — Osmo &lt;Pure&gt;' in html
