"""Charts drawn on the server as SVG: no JavaScript, readable on a phone, printable.

A chart is built here as plain data (coordinates already written as strings,
so the template's number localisation never turns ``12.5`` into ``12,5``)
and drawn by ``portal/includes/chart_bars.html`` or ``chart_columns.html``.
Horizontal positions are percentages of the chart's width and vertical ones
pixels: the SVG fills its box at any width and its text keeps its size. Each
chart carries its figures as a table too, for screen readers and for print.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext

Number = int | Decimal | float

# Horizontal bars: a label line, then the bar, per row.
BAR_ROW_HEIGHT = 46
BAR_THICKNESS = 14
BAR_LABEL_CHARS = 32
# Columns: pixels from the top of the SVG.
COLUMN_CHART_HEIGHT = 240
PLOT_TOP = 18
PLOT_BOTTOM = 204
AXIS_LABEL_Y = 224
# Dates under the axis, their month in full ("28 septembre"): up to 6 on a
# wide screen; on a phone every other one is hidden by the stylesheet
# (``chart__tick--minor``), so 3, which keeps them apart at 390 pixels.
MAX_AXIS_LABELS = 6
COLUMN_FILL = 0.7  # of each slot, the rest is the gap between columns
# The gridlines' values, in 12 px text, in a gutter as wide as the longest.
VALUE_CHAR_WIDTH = 7


def _pct(value: float) -> str:
    return f"{value:.3f}%"


def _px(value: float) -> str:
    return f"{value:.1f}"


def _shorten(text: str, limit: int = BAR_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Table:
    """The chart's figures as rows of text, the first cell a row header."""

    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class BarRow:
    label: str
    short_label: str
    value_text: str
    width: str
    label_y: str
    bar_y: str
    css_class: str


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per item, the longest for the largest value."""

    chart_id: str
    title: str
    rows: list[BarRow]
    height: int
    bar_thickness: int = BAR_THICKNESS
    table: Table | None = None

    @property
    def is_empty(self) -> bool:
        return not self.rows


def bar_chart(
    *,
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, Number, str]],
    css_classes: Sequence[str] | None = None,
    table: Table | None = None,
) -> BarChart:
    """Bars for (label, value, value as shown) items; empty if all are zero."""
    largest = max((float(value) for _label, value, _text in items), default=0)
    if largest <= 0:
        return BarChart(chart_id=chart_id, title=title, rows=[], height=0, table=table)
    rows = []
    for index, (label, value, text) in enumerate(items):
        top = index * BAR_ROW_HEIGHT
        share = float(value) / largest * 100
        rows.append(
            BarRow(
                label=label,
                short_label=_shorten(label),
                value_text=text,
                # A value above zero stays visible, however small.
                width=_pct(max(share, 0.8) if value else 0),
                label_y=_px(top + 16),
                bar_y=_px(top + 24),
                css_class=css_classes[index] if css_classes else "default",
            )
        )
    return BarChart(
        chart_id=chart_id,
        title=title,
        rows=rows,
        height=len(items) * BAR_ROW_HEIGHT,
        table=table,
    )


@dataclass(frozen=True)
class Series:
    """One stacked part of every column: a channel, or the only series."""

    key: str
    label: str
    values: list[Number]


@dataclass(frozen=True)
class Segment:
    y: str
    height: str
    css_class: str


@dataclass(frozen=True)
class Column:
    x: str
    width: str
    slot_x: str
    slot_width: str
    segments: list[Segment]
    tooltip: str
    label: str = ""
    label_x: str = ""
    label_anchor: str = "middle"
    label_minor: bool = False


@dataclass(frozen=True)
class Gridline:
    y: str
    label: str
    label_y: str


@dataclass(frozen=True)
class ColumnChart:
    """Columns over time (days, weeks or months), stacked by series."""

    chart_id: str
    title: str
    columns: list[Column]
    gridlines: list[Gridline]
    legend: list[tuple[str, str]] = field(default_factory=list)
    height: int = COLUMN_CHART_HEIGHT
    plot_top: str = _px(PLOT_TOP)
    plot_height: str = _px(PLOT_BOTTOM - PLOT_TOP)
    axis_y: str = _px(PLOT_BOTTOM)
    axis_label_y: str = _px(AXIS_LABEL_Y)
    table: Table | None = None
    is_empty: bool = False

    @property
    def values_width(self) -> int:
        """Pixels of the gutter left of the plot that holds the values."""
        longest = max((len(line.label) for line in self.gridlines), default=0)
        return longest * VALUE_CHAR_WIDTH + 4


def nice_step(largest: float, *, ticks: int = 4, whole: bool = True) -> float:
    """A round gridline step (1, 2, 2.5 or 5 × a power of ten) giving about
    ``ticks`` lines up to ``largest``."""
    if largest <= 0:
        return 1
    raw = largest / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and (not whole or (step >= 1 and step % 1 == 0)):
            return step
    return 10 * magnitude


def period_label(day: date, granularity: str) -> str:
    """A column's name under the axis, the month in full as everywhere else:
    "2 décembre", "30 novembre" (week of), "décembre 2026"."""
    if granularity == "month":
        return date_format(day, "YEAR_MONTH_FORMAT")
    return date_format(day, "MONTH_DAY_FORMAT")


def period_long_label(day: date, granularity: str) -> str:
    """A column's name in full, for its tooltip and the table."""
    if granularity == "month":
        return date_format(day, "YEAR_MONTH_FORMAT")
    if granularity == "week":
        return gettext("Week of %(day)s") % {"day": date_format(day)}
    return f"{date_format(day, 'l')} {date_format(day)}"


def column_chart(
    *,
    chart_id: str,
    title: str,
    days: Sequence[date],
    granularity: str,
    series: Sequence[Series],
    value_format: Callable[[Number], str],
    whole_numbers: bool = True,
    fixed_max: float | None = None,
    table: Table | None = None,
) -> ColumnChart:
    """Stacked columns, one per period of ``days``, with round gridlines."""
    count = len(days)
    totals = [sum(float(s.values[i] or 0) for s in series) for i in range(count)]
    largest = max(totals, default=0)
    legend = [(s.label, s.key) for s in series] if len(series) > 1 else []
    if count == 0 or (largest <= 0 and not fixed_max):
        return ColumnChart(
            chart_id=chart_id,
            title=title,
            columns=[],
            gridlines=[],
            legend=legend,
            table=table,
            is_empty=True,
        )
    if fixed_max:
        top, step = fixed_max, fixed_max / 4
    else:
        step = nice_step(largest, whole=whole_numbers)
        top = math.ceil(largest / step) * step
    plot_height = PLOT_BOTTOM - PLOT_TOP

    def y_of(value: float) -> float:
        return PLOT_BOTTOM - value / top * plot_height

    gridlines = [
        Gridline(
            y=_px(y_of(step * n)),
            label=value_format(_tick(step * n)),
            # Beside its line, in the gutter left of the plot.
            label_y=_px(y_of(step * n) + 4),
        )
        for n in range(1, round(top / step) + 1)
    ]
    slot = 100 / count
    every = math.ceil(count / MAX_AXIS_LABELS)
    columns = []
    for i, day in enumerate(days):
        segments, base = [], 0.0
        for s in series:
            value = float(s.values[i] or 0)
            if value > 0:
                segments.append(
                    Segment(
                        y=_px(y_of(base + value)),
                        height=_px(value / top * plot_height),
                        css_class=s.key,
                    )
                )
            base += value
        parts = [
            gettext("%(label)s: %(value)s")
            % {"label": s.label, "value": value_format(s.values[i])}
            for s in series
        ]
        left = i * slot + slot * (1 - COLUMN_FILL) / 2
        label, label_x, anchor = "", "", "middle"
        minor = False
        if i % every == 0:
            label = period_label(day, granularity)
            minor = (i // every) % 2 == 1
            label_x, anchor = _pct(i * slot + slot / 2), "middle"
            if i == 0:
                label_x, anchor = _pct(left), "start"
            elif i == count - 1 or (i + every > count - 1 and i * slot > 90):
                label_x, anchor = _pct(left + slot * COLUMN_FILL), "end"
        columns.append(
            Column(
                x=_pct(left),
                width=_pct(slot * COLUMN_FILL),
                slot_x=_pct(i * slot),
                slot_width=_pct(slot),
                segments=segments,
                tooltip=f"{period_long_label(day, granularity)} — " + ", ".join(parts),
                label=label,
                label_x=label_x,
                label_anchor=anchor,
                label_minor=minor,
            )
        )
    return ColumnChart(
        chart_id=chart_id,
        title=title,
        columns=columns,
        gridlines=gridlines,
        legend=legend,
        table=table,
    )


def _tick(value: float) -> Number:
    return int(value) if float(value).is_integer() else Decimal(str(value))
