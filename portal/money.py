"""Money: rounded as invoices round it, written as the reader writes it.

Every amount shown to a person (pages, e-mails, chart labels, PDF) goes
through ``money_format``: ``1 290,00 €`` in French, ``€1,290.00`` in English,
in the currency the amount carries. Babel holds each language's pattern
(CLDR), so no template or view places a currency sign by hand.
"""

import functools
import re
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_currency, parse_pattern
from django.utils.translation import get_language, to_locale

CENT = Decimal("0.01")
DEFAULT_CURRENCY = "EUR"


def money(amount: Decimal) -> Decimal:
    """Round to the cent, half up, as invoices do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_format(
    amount: Decimal | int | str | None,
    currency: str | None = None,
    *,
    cents: bool = True,
) -> str:
    """An amount in the active language; whole units when ``cents`` is False.

    ``None`` gives an empty string, so a missing amount shows as nothing.
    """
    if amount is None or amount == "":
        return ""
    value = money(Decimal(amount))
    if not cents:
        value = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    locale = to_locale(get_language() or "fr")
    currency = currency or DEFAULT_CURRENCY
    layout = _layout(locale, currency, cents)
    if layout is None or value < 0:
        return _babel_format(value, currency, locale, cents)
    prefix, digits, suffix = layout
    return f"{prefix}{format(value, ',f').translate(digits)}{suffix}"


def _babel_format(value: Decimal, currency: str, locale: str, cents: bool) -> str:
    if cents:
        return format_currency(value, currency, locale=locale)
    # The language's own currency pattern, without its fraction digits.
    pattern = parse_pattern(Locale.parse(locale).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(value, locale, currency=currency, currency_digits=False)


# Babel's answer for 1234567.89, read back: what comes before and after the
# digits, and the group and decimal separators between them.
_PROBE = re.compile(r"(\D*)1(?P<group>\D?)234(?P=group)567(?:(\D)89)?(\D*)")


@functools.cache
def _layout(locale: str, currency: str, cents: bool) -> tuple[str, dict, str] | None:
    """How the language writes a positive amount of ``currency``, learnt once
    from Babel by formatting a probe: a page of orders formats dozens of
    amounts, and Babel parses the pattern and looks up the symbols on each
    call (0.2–0.3 ms each, a sixth of the orders list's time). ``None`` when
    the layout is not "prefix, digits grouped by three, suffix" (a currency
    without cents, grouping by two): Babel then formats each amount."""
    probe = Decimal("1234567.89") if cents else Decimal("1234567")
    found = _PROBE.fullmatch(_babel_format(probe, currency, locale, cents))
    if found is None or bool(found[3]) != cents:
        return None
    prefix, group, decimal, suffix = found.groups()
    return prefix, str.maketrans({",": group, ".": decimal or ""}), suffix
