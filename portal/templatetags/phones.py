"""`{{ phone|tel_link }}`: a phone number that a phone dials when tapped."""

import re

from django import template
from django.utils.html import format_html

register = template.Library()

# A French national number: 10 digits starting with 0 ("04 72 00 00 00").
FRENCH_NATIONAL = re.compile(r"^0\d{9}$")


def tel_uri(number: str) -> str:
    """``tel:`` in international form: "04 72 00 00 00" dials +33472000000
    from any phone, abroad included."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif FRENCH_NATIONAL.match(digits):
        digits = "+33" + digits[1:]
    return f"tel:{digits}"


@register.filter
def tel_link(number) -> str:
    """The number as it was written, as a link to call it; empty stays empty."""
    if not number:
        return ""
    return format_html('<a href="{}" class="tel">{}</a>', tel_uri(str(number)), number)
