"""`{{ amount|money }}`, `{{ amount|money:order.currency }}`: every template."""

from django import template

from portal.money import money_format

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency: str | None = None) -> str:
    """An amount in the active language and its currency (euros unless given)."""
    return money_format(amount, currency)
