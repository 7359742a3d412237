"""QtCharts building blocks shared by the statistics charts: style, axes, bar sets and labels.

:class:`Style` takes its colours from the palette (the chart theme is the light or dark one by
the window colour's lightness) and shades the few colours that carry meaning so that they read
on that background. :class:`ChartPanel` is the view of one chart, with a tooltip that follows
the mouse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QFrame, QToolTip, QWidget

from glosscards.ui.formatting import plural

__all__ = [
    "ChartPanel",
    "Style",
    "attach",
    "date_labels",
    "index_axis",
    "nearest",
    "new_bar_set",
    "new_chart",
    "nice_top",
    "percent",
    "plural",
    "shorten",
    "style_axis",
    "value_axis",
]


# -- look ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Style:
    """Colours taken from the palette, and meaningful colours shaded to read on it."""

    dark: bool
    text: QColor
    background: QColor
    highlight: QColor

    @classmethod
    def of(cls, palette: QPalette) -> Style:
        window = palette.color(QPalette.ColorRole.Window)
        return cls(
            dark=window.lightness() < 128,
            text=palette.color(QPalette.ColorRole.WindowText),
            background=window,
            highlight=palette.color(QPalette.ColorRole.Highlight),
        )

    def hue(self, hue: int, *, deep: bool = False) -> QColor:
        """A colour of ``hue`` light enough on a dark background, deep enough on a light one."""
        if self.dark:
            return QColor.fromHsl(hue, 150, 110 if deep else 165)
        return QColor.fromHsl(hue, 160, 85 if deep else 135)

    def faint(self, alpha: int) -> QColor:
        color = QColor(self.text)
        color.setAlpha(alpha)
        return color

    @property
    def theme(self) -> QChart.ChartTheme:
        return QChart.ChartTheme.ChartThemeDark if self.dark else QChart.ChartTheme.ChartThemeLight


def new_chart(title: str, style: Style, *, legend: bool = True) -> QChart:
    """An empty chart titled ``title`` in ``style``, with its legend (if any) at the bottom."""
    chart = QChart()
    chart.setTheme(style.theme)
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundBrush(style.background)
    chart.setBackgroundRoundness(0)
    chart.setTitleBrush(style.text)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.legend().setVisible(legend)
    chart.legend().setLabelColor(style.text)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


# -- axes ----------------------------------------------------------------------------------------


def style_axis(axis: QAbstractAxis, title: str, style: Style) -> None:
    """Title ``axis`` and give it the style's colours and small labels."""
    axis.setTitleText(title)
    axis.setTitleBrush(style.text)
    axis.setLabelsColor(style.text)
    axis.setGridLineColor(style.faint(40))
    axis.setLinePenColor(style.faint(90))
    small = QFont(axis.labelsFont())
    small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
    axis.setLabelsFont(small)
    axis.setTitleFont(small)
    axis.setTruncateLabels(False)


def nice_top(value: float) -> tuple[float, float]:
    """A round upper end for an axis reaching ``value``, and a tick step that divides it."""
    value = max(value, 1.0)
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = max(1.0, factor * magnitude)
        if value / step <= 5:
            return math.ceil(value / step) * step, step
    return value, value  # unreachable: factor 10 always fits


def value_axis(
    title: str, top: float, style: Style, *, percent: bool = False, decimals: int = 0
) -> QValueAxis:
    """A y axis from 0 to a round value at or above ``top`` (0–100 for a ``percent`` axis)."""
    axis = QValueAxis()
    style_axis(axis, title, style)
    if percent:
        high, step = 100.0, 25.0
    else:
        high, step = nice_top(top)
    axis.setRange(0, high)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat(f"%.{decimals}f")
    return axis


def index_axis(
    labels: Sequence[str],
    title: str,
    style: Style,
    *,
    from_end: bool,
    most: int = 7,
    pad: float = 0.5,
) -> QCategoryAxis:
    """An x axis for one bar or point per index, labelling at most ``most`` of them evenly.

    Labelled from the last index back (``from_end``: the past ends today) or from the first
    (the forecast starts today), so the day that matters most always has its label. ``pad``
    is the room left beyond the first and last index (half a bar for bar charts).
    """
    n = len(labels)
    axis = QCategoryAxis()
    style_axis(axis, title, style)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(-pad)
    axis.setRange(-pad, max(n, 1) - 1 + pad)
    axis.setGridLineVisible(False)
    step = max(1, math.ceil(n / most))
    indices = range(n - 1, -1, -step) if from_end else range(0, n, step)
    for i in sorted(indices):
        axis.append(labels[i], i)
    return axis


# -- series --------------------------------------------------------------------------------------


def attach(chart: QChart, series: QAbstractSeries, *axes: QAbstractAxis) -> None:
    """Add ``series`` to ``chart`` and attach it to ``axes`` (already added to the chart)."""
    chart.addSeries(series)
    for axis in axes:
        series.attachAxis(axis)


def new_bar_set(name: str, values: Sequence[float], color: QColor) -> QBarSet:
    """A bar set named ``name`` holding ``values``, filled and outlined in ``color``."""
    bar_set = QBarSet(name)
    bar_set.append([float(v) for v in values])
    bar_set.setColor(color)
    bar_set.setBorderColor(color)
    return bar_set


# -- labels --------------------------------------------------------------------------------------


def date_labels(dates: Sequence[date]) -> list[str]:
    """Axis labels for consecutive days or weeks: "Mar 04", or "Mar 2024" over a longer span.

    Beyond 217 days, :func:`index_axis` labels dates at least 32 days apart, so month names
    with the year are all different, as a category axis needs.
    """
    if len(dates) > 1 and (dates[-1] - dates[0]).days > 217:
        return [d.strftime("%b %Y") for d in dates]
    return [d.strftime("%b %d") for d in dates]


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def nearest(x: float, n: int) -> int:
    """The index of ``n`` points nearest to ``x``."""
    return min(max(round(x), 0), max(n - 1, 0))


def shorten(term: str, limit: int = 28) -> str:
    return term if len(term) <= limit else term[: limit - 1] + "…"


# -- the view of one chart -----------------------------------------------------------------------


class ChartPanel(QChartView):
    """A chart view whose tooltip follows what the mouse is over."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(380, 270)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def tip(self, text: str) -> None:
        """Show ``text`` as the tooltip at the mouse (empty: hide it)."""
        self.setToolTip(text)
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def replace_chart(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        self.setToolTip("")
