from django import template
from django.utils.translation import gettext as _

from ordering.stock.selectors import Availability

register = template.Library()


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
