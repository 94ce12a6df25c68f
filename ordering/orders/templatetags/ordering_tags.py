from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ordering.stock.selectors import Availability

register = template.Library()


@register.simple_tag
def availability_badge(state: str, available: int, restock=None) -> str:
    """The availability badge, then the restock date (out of stock) or the
    units available. Printed once per row of the stock tab: built here
    rather than by a template of its own, which cost as much as the rest of
    the row."""
    labels = {
        Availability.IN_STOCK: _("In stock"),
        Availability.LOW: _("Low stock"),
        Availability.OUT: _("Out of stock"),
    }
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
        '<span class="badge badge--{}">{}</span>{}', state, labels[state], detail
    )
