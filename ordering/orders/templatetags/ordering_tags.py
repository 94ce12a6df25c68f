import re

from django import template
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ordering.catalogue.templatetags.catalogue_tags import thumbnail
from ordering.stock.selectors import Availability
from portal.money import money_format
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


_STOCK_ROW = (
    '<tr><th scope="row" class="product-cell"><div class="product-name">{thumb}<div>'
    '<a href="{url}">{name}</a><br><span class="ref">{reference}</span> · '
    '<span class="muted">{kind}</span></div></div></th>'
    "{availability}{badge}</td>{warehouses}{ordering}</tr>"
)


@register.simple_tag(takes_context=True)
def stock_row(context, row: dict) -> str:
    """One product of the stock tab (a row of ``stock_table.html``): its
    picture and name, availability, units per warehouse, and for those who
    order the price and the add-to-cart form. The table names its column
    labels (``availability_label``, ``price_label``), and ``cart_add_url``
    and ``next_url`` for the form, once.

    Written here rather than in the template, which resolved some forty
    variables and filters a row (3.9× a bare loop over the same rows); the
    cells' openings, the same on every row, are escaped once per render."""
    opening = _stock_cells(context, [place for place, _units in row["per_warehouse"]])
    product = row["product"]
    ordering = ""
    if context.get("can_order"):
        ordering = "".join(
            (
                opening["price"],
                escape(money_format(row["price"])),
                '</td><td class="cell--wide">',
                add_to_cart(context, product),
                "</td>",
            )
        )
    warehouses = "".join(
        f"{cell}{localize(int(units))}</td>"
        for cell, (_place, units) in zip(
            opening["warehouses"], row["per_warehouse"], strict=True
        )
    )
    return mark_safe(  # noqa: S308 - every value is escaped, a number or markup
        _STOCK_ROW.format(
            thumb=thumbnail(product),
            url=escape(_product_url(context, product.reference)),
            name=escape(product.name),
            reference=escape(product.reference),
            kind=escape(product.get_kind_display()),
            availability=opening["availability"],
            badge=availability_badge(row["state"], product.available, row["restock"]),
            warehouses=warehouses,
            ordering=ordering,
        )
    )


def _stock_cells(context, places) -> dict:
    """The opening tags of a stock row's cells, their labels escaped, kept
    for the render (again if the warehouses differ from a row to the next)."""
    key = (_stock_cells, tuple(place.pk for place in places))
    opening = context.render_context.get(key)
    if opening is None:
        cell = '<td class="num" data-label="{}">'
        opening = context.render_context[key] = {
            "availability": format_html(
                '<td data-label="{}">', context.get("availability_label", "")
            ),
            "price": format_html(cell, context.get("price_label", "")),
            "warehouses": [format_html(cell, place.name) for place in places],
        }
    return opening


# Values made only of characters a URL carries as they are (no slash):
# their address is the pattern with the value put in.
_PLAIN_REFERENCE = re.compile(r"[A-Za-z0-9._~-]+")
_MARKER = "0REFERENCE0"


def _url_with(context, url_name: str, value: str) -> str:
    """``reverse(url_name, args=[value])``, the URL's pattern resolved once
    per render (a reverse cost a fifth of a stock row)."""
    key = (_url_with, url_name)
    pattern = context.render_context.get(key)
    if pattern is None:
        pattern = context.render_context[key] = reverse(url_name, args=[_MARKER])
    if _PLAIN_REFERENCE.fullmatch(value) and value.strip(".") and _MARKER not in value:
        return pattern.replace(_MARKER, value)
    return reverse(url_name, args=[value])


def _product_url(context, reference: str) -> str:
    return _url_with(context, "product", reference)


@register.simple_tag(takes_context=True)
def order_url(context, number: str) -> str:
    """``{% url 'order_detail' number %}`` for the rows of an orders table,
    the pattern resolved once per table instead of once per row."""
    return _url_with(context, "order_detail", number)
