"""Form widgets written in Python where Django's templates cost per option.

Django renders a ``<select>`` through one template include per option: the
installations list's appliance filter (160 appliances for a busy reseller)
spent 25 ms of a 38 ms page there. ``PlainSelect`` writes the same markup
with ``format_html``: the options, attributes, selection and escaping of
``forms.Select`` (``tests/portal/test_widgets.py`` compares both), without a
template per option, nor the dict of attributes and context Django builds
for each option before its template.
"""

from itertools import groupby

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

OPTION = '<option value="{}"{}>{}</option>'


def _is_group(choice) -> bool:
    return isinstance(choice[1], (list, tuple))


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        # The select's own name, attributes and value, without the
        # per-option dicts (attributes copied, a template context each) that
        # ``Select.get_context`` builds first: a third of the time left.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        wanted = set(widget["value"])
        chosen = False

        def options(choices):
            nonlocal chosen
            for key, label in choices:
                key = "" if key is None else str(key)
                selected = not chosen and key in wanted  # the first match only
                chosen = chosen or selected
                yield key, " selected" if selected else "", label

        parts = []
        for grouped, choices in groupby(self.choices, key=_is_group):
            if not grouped:
                parts.append(format_html_join("", OPTION, options(choices)))
                continue
            for group_name, group in choices:
                parts.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>',
                        group_name,
                        format_html_join("", OPTION, options(group)),
                    )
                )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((part,) for part in parts)),
        )
