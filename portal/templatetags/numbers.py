"""`{{ rate|percent }}`, `{{ rate|percent:1 }}`: a rate in percentage points."""

from django import template

from portal.numbers import percent_format

register = template.Library()


@register.filter(name="percent")
def percent_filter(points, decimals: int = 2) -> str:
    """ "20 %" in French, "20%" in English; up to ``decimals`` digits."""
    return percent_format(points, decimals=int(decimals))
