"""Form widgets and labels written in Python where Django's templates cost.

Django renders a ``<select>`` through one template include per option: the
installations list's appliance filter (160 appliances for a busy reseller)
spent 25 ms of a 38 ms page there. ``PlainSelect`` writes the same markup
with ``format_html``: the options, attributes, selection and escaping of
``forms.Select`` (``tests/portal/test_widgets.py`` compares both), without a
template per option, nor the dict of attributes and context Django builds
for each option before its template.

``FormRenderer`` (``FORM_RENDERER``) does the same for every form: the
input, label, select and textarea templates of ``django/forms`` are three
to five nested includes each, 0.1 to 0.3 ms a field, 1 to 2 ms for a
filter form. It writes their exact text in Python (the tests compare it
with Django's, byte for byte) and leaves any other template to Django.
"""

from itertools import groupby

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

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


# --- Django's form templates, in Python -------------------------------------------


def _out(value) -> str:
    """``{{ value }}``: localised, in the current time zone, escaped."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}``: as text, escaped unless marked safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """``django/forms/attrs.html``: `` name="value"``, or `` name`` for True,
    nothing for False. Not Django's ``flatatt``, which sorts the attributes,
    puts the flags last and drops None: not the template's bytes."""
    return "".join(
        f" {_out(name)}" if value is True else f' {_out(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(context: dict) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _select(context: dict) -> str | None:
    widget = context["widget"]
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None  # an option of its own: Django's templates
            parts.append(
                f'\n  <option value="{_text(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_out(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(context: dict) -> str:
    widget = context["widget"]
    value = _out(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _label(context: dict) -> str:
    if not context["use_tag"]:
        return _out(context["label"])
    tag = _out(context["tag"])
    attrs = _attrs(context["attrs"] or {})
    return f"<{tag}{attrs}>{_out(context['label'])}</{tag}>"


# Each of these is ``{% include "django/forms/widgets/input.html" %}`` in
# Django 5.2.
_INPUTS = ["checkbox", "color", "date", "datetime", "email", "file", "hidden"]
_INPUTS += ["number", "password", "search", "tel", "text", "time", "url"]
_WRITERS = {
    **{f"django/forms/widgets/{kind}.html": _input for kind in _INPUTS},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/label.html": _label,
}


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with its commonest templates in Python."""

    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        written = writer(context) if writer is not None else None
        if written is None:
            return super().render(template_name, context, request=request)
        # Stripped, as Django's renderers strip what a template wrote.
        return mark_safe(written.strip())  # noqa: S308 - every value is escaped
