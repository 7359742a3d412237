"""The calendar chart of the statistics window: a year of answers per day as a heatmap.

One column per Monday-to-Sunday week and one row per weekday; each day's square is shaded by
:func:`glosscards.stats.heat_level` of its answers against the busiest day's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import QCategoryAxis, QScatterSeries
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor

from glosscards.stats import CalendarDay, calendar_cell, heat_level
from glosscards.ui.charts import ChartPanel, Style, attach, new_chart, plural, style_axis

__all__ = ["draw_calendar"]

_HEAT_LEVELS = 4


def draw_calendar(panel: ChartPanel, days: Sequence[CalendarDay], style: Style) -> None:
    """Answers per day over the past year as a heatmap: a column per week, a row per weekday."""
    most = max((d.count for d in days), default=0)
    active = sum(1 for d in days if d.count)
    chart = new_chart(
        f"Calendar — answers per day over the past year ({active} days studied,"
        f" busiest {plural(most, 'answer')})",
        style,
        legend=False,
    )
    first = days[0].day if days else date(2000, 1, 3)  # the grid always has days
    cells: dict[tuple[int, int], CalendarDay] = {}
    levels = [QScatterSeries() for _ in range(_HEAT_LEVELS + 1)]
    for level, series in enumerate(levels):
        series.setName("No answers" if level == 0 else f"Level {level}")
        series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        color = QColor(style.highlight)
        if level == 0:
            color = style.faint(28)
        else:
            color.setAlpha(70 + (255 - 70) * level // _HEAT_LEVELS)
        series.setColor(color)
        series.setBorderColor(Qt.GlobalColor.transparent)
    for d in days:
        column, row = calendar_cell(d.day, first)
        cells[(column, row)] = d
        levels[heat_level(d.count, most, _HEAT_LEVELS)].append(column, row)
    columns = 1 + max((c for c, _ in cells), default=0)
    x = QCategoryAxis()
    style_axis(x, "Week", style)
    x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    x.setStartValue(-0.5)
    x.setRange(-0.5, columns - 0.5)
    x.setGridLineVisible(False)
    for column, month in _month_starts(days, first):
        x.append(month.strftime("%b %Y" if month.month == 1 else "%b"), column)
    y = QCategoryAxis()
    style_axis(y, "", style)
    y.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    y.setStartValue(-0.5)
    y.setRange(-0.5, 6.5)
    y.setReverse(True)
    y.setGridLineVisible(False)
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")):
        y.append(name, row)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)

    def hovered(point: QPointF, on: bool) -> None:
        day = cells.get((round(point.x()), round(point.y())))
        if on and day is not None:
            panel.tip(f"{day.day.strftime('%a %Y-%m-%d')}: {plural(day.count, 'answer')}")
        else:
            panel.tip("")

    for series in levels:
        attach(chart, series, x, y)
        series.hovered.connect(hovered)

    def fit(area: QRectF) -> None:
        size = max(3.0, min(area.width() / max(columns, 1), area.height() / 7) * 0.82)
        for series in levels:
            series.setMarkerSize(size)

    chart.plotAreaChanged.connect(fit)
    panel.replace_chart(chart)


def _month_starts(days: Sequence[CalendarDay], first: date) -> list[tuple[int, date]]:
    """(column, date) of the first day of each month in the calendar (365 days hold at most
    twelve, so their names do not repeat)."""
    return [(calendar_cell(d.day, first)[0], d.day) for d in days if d.day.day == 1]
