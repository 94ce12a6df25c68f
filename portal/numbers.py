"""Numbers that are not money, written as the reader writes them.

A rate stored in percentage points (``20`` for 20 %) reads ``20 %`` in French
(a non-breaking space before the sign) and ``20%`` in English: Babel holds
each language's percent pattern (CLDR), so no template writes a ``%`` sign
after a number by hand. Amounts go through ``portal.money``.
"""

from decimal import Decimal

from babel import Locale
from babel.numbers import parse_pattern
from django.utils.translation import get_language, to_locale


def percent_format(
    points: Decimal | float | int | str | None, *, decimals: int = 2
) -> str:
    """``points`` percent in the active language, up to ``decimals`` digits
    after the separator and no trailing zero ("20 %", "5,5 %"); ``None`` or
    an empty value gives "—"."""
    if points is None or points == "":
        return "—"
    locale = to_locale(get_language() or "fr")
    pattern = parse_pattern(Locale.parse(locale).percent_formats[None])
    pattern.frac_prec = (0, decimals)
    return pattern.apply(Decimal(str(points)) / 100, locale)
