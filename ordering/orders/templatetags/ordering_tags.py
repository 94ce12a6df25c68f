from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ordering.selectors import Availability
from portal.money import money

register = template.Library()


@register.filter
def euros(amount: Decimal | None) -> str:
    """An amount in euros, grouped and with a comma in French: 1 290,00 €."""
    if amount is None:
        return ""
    # What floatformat(amount, "2g") gives, without its float detour.
    grouped = number_format(money(amount), decimal_pos=2, force_grouping=True)
    return f"{grouped}\u00a0€"


@register.inclusion_tag("ordering/includes/availability.html")
def availability_badge(state: str, available: int, restock=None):
    labels = {
        Availability.IN_STOCK: _("In stock"),
        Availability.LOW: _("Low stock"),
        Availability.OUT: _("Out of stock"),
    }
    return {
        "state": state,
        "label": labels[state],
        "available": available,
        "restock": restock,
    }
