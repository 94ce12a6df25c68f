"""Form widgets written in Python where Django's templates cost per option.

Django renders a ``<select>`` through one template include per option: the
installations list's appliance filter (160 appliances for a busy reseller)
spent 25 ms of a 38 ms page there. ``PlainSelect`` writes the same markup
with ``format_html``: the options, attributes, selection and escaping of
``forms.Select`` (``tests/portal/test_widgets.py`` compares both), without a
template per option.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        "" if o["value"] is None else str(o["value"]),
                        flatatt(o["attrs"]),
                        o["label"],
                    )
                    for o in options
                ),
            )
            if group_name:
                rendered = format_html(
                    '<optgroup label="{}">{}</optgroup>', group_name, rendered
                )
            groups.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )
