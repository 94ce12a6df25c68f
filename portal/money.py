"""Money: rounded as invoices round it, written as the reader writes it.

Every amount shown to a person (pages, e-mails, chart labels, PDF) goes
through ``money_format``: ``1 290,00 €`` in French, ``€1,290.00`` in English,
in the currency the amount carries. Babel holds each language's pattern
(CLDR), so no template or view places a currency sign by hand.
"""

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
    if cents:
        return format_currency(value, currency, locale=locale)
    # The language's own currency pattern, without its fraction digits.
    pattern = parse_pattern(Locale.parse(locale).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(value, locale, currency=currency, currency_digits=False)
