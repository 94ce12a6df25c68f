from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ordering.stock.selectors import Availability
from portal.templatetags.icons import icon

register = template.Library()

_BADGES = {
    Availability.IN_STOCK: gettext_noop("In stock"),
    Availability.LOW: gettext_noop("Low stock"),
    Availability.OUT: gettext_noop("Out of stock"),
}


@register.simple_tag
def availability_badge(state: str, available: int, restock=None) -> str:
    """The availability badge, then the restock date (out of stock) or the
    units available. Printed once per row of the stock tab: built here
    rather than by a template of its own, which cost as much as the rest of
    the row."""
    if state != Availability.OUT:
        detail = format_html(
            ' <span class="available">{}</span>',
            ngettext("%(count)s available", "%(count)s available", available)
            % {"count": available},
        )
    elif restock:
        detail = format_html(
            ' <span class="restock">{}</span>',
            _("back on %(date)s") % {"date": date_format(restock)},
        )
    else:
        detail = format_html(
            ' <span class="restock">{}</span>', _("no restock date yet")
        )
    return format_html(
        '<span class="badge badge--{}">{}</span>{}', state, _(_BADGES[state]), detail
    )


_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'

# The add-to-cart form of one product, with what is the same on every row of
# a table filled in and escaped once per render (see ``add_to_cart``).
_ADD_TO_CART_FORM = (
    '<form method="post" action="{action}" class="add-to-cart">{csrf}'
    '<input type="hidden" name="product" value="{{pk}}">'
    '<input type="hidden" name="next" value="{next}">'
    '<label class="visually-hidden" for="qty-{{pk}}">{label}</label>'
    '<input id="qty-{{pk}}" type="number" name="quantity" value="{{quantity}}"'
    ' min="1" max="9999" inputmode="numeric" class="qty">'
    '<button type="submit" class="button button--small" aria-label="{add}">'
    "{icon}{button}</button></form>"
)


@register.simple_tag(takes_context=True)
def add_to_cart(context, product, quantity: int = 1) -> str:
    """The quantity field and "Add" button of one product. The including
    template works out ``cart_add_url`` and ``next_url`` once for its rows.

    A tag rather than an included template, which cost a third of a stock
    row; what no row changes (the form's address, the token, the labels'
    translations) is escaped once per render, and again if a template
    changes the address or the page to come back to between two forms."""
    key = (add_to_cart, context.get("cart_add_url"), context.get("next_url"))
    form = context.render_context.get(key)
    if form is None:
        form = context.render_context[key] = _add_to_cart_form(context)
    reference = escape(product.reference)
    return mark_safe(  # noqa: S308 - every value is escaped or a number
        form.format(
            pk=int(product.pk),
            quantity=int(quantity or 1),
            reference=reference,
        )
    )


def _add_to_cart_form(context) -> str:
    """The form with its fixed parts filled in; ``{pk}``, ``{quantity}`` and
    ``{reference}`` (in the labels) left for each row."""
    token = context.get("csrf_token")
    csrf = (
        format_html(_CSRF_INPUT, token)
        if token and token != "NOTPROVIDED"  # noqa: S105 - Django's marker
        else ""
    )

    def literal(markup: str) -> str:
        """Braces in fixed text stay braces in the second ``format``."""
        return str(markup).replace("{", "{{").replace("}", "}}")

    def label(text: str) -> str:
        return literal(escape(text)) % {"reference": "{reference}"}

    return _ADD_TO_CART_FORM.format(
        action=literal(escape(context.get("cart_add_url", ""))),
        csrf=literal(csrf),
        next=literal(escape(context.get("next_url", ""))),
        label=label(_("Quantity of %(reference)s")),
        add=label(_("Add %(reference)s to the cart")),
        icon=literal(icon("shopping-cart")),
        button=literal(escape(_("Add"))),
    )
