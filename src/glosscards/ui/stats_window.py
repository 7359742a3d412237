"""The statistics window (Tools → Statistics): the figures of :mod:`glosscards.stats` as charts.

The window asks :func:`glosscards.stats_queries.load_statistics` for every figure of the chosen
deck and period and draws them with QtCharts; it runs no SQL of its own. Each chart has a title,
labelled axes and a tooltip with the exact number under the mouse (also kept as the chart
view's ``toolTip()``). Colours follow the palette: the chart theme is the light or dark one by
the window colour's lightness, the background and text are the palette's, and the few colours
that carry meaning (Again is red, Good green) get a lightness that reads on that background.

Clicking a bar of *Hardest terms* emits :attr:`StatsWindow.term_activated` with the term's name.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.stats import (
    MATURE_DAYS,
    CalendarDay,
    Distribution,
    Forecast,
    HardTerm,
    Period,
    RetentionWeek,
    ReviewDay,
    TodayStats,
    calendar_cell,
    heat_level,
    overall_retention,
)
from glosscards.stats_queries import Statistics, load_statistics

__all__ = ["CHART_NAMES", "ChartPanel", "StatsWindow", "render_stats_screenshot"]

Clock = Callable[[], datetime]

CHART_NAMES = ("forecast", "reviews", "retention", "hardest", "intervals", "ease", "calendar")

_BUTTONS = ("Again", "Hard", "Good", "Easy")
_BUTTON_HUES = (0, 35, 120, 210)
_GREEN = 120
_HEAT_LEVELS = 4


# -- look ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    """Colours taken from the palette, and meaningful colours shaded to read on it."""

    dark: bool
    text: QColor
    background: QColor
    highlight: QColor

    @classmethod
    def of(cls, palette: QPalette) -> _Style:
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


def _chart(title: str, style: _Style, *, legend: bool = True) -> QChart:
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


def _style_axis(axis: QAbstractAxis, title: str, style: _Style) -> None:
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


def _nice_top(value: float) -> tuple[float, float]:
    """A round upper end for an axis reaching ``value``, and a tick step that divides it."""
    value = max(value, 1.0)
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = max(1.0, factor * magnitude)
        if value / step <= 5:
            return math.ceil(value / step) * step, step
    return value, value  # unreachable: factor 10 always fits


def _value_axis(
    title: str, top: float, style: _Style, *, percent: bool = False, decimals: int = 0
) -> QValueAxis:
    axis = QValueAxis()
    _style_axis(axis, title, style)
    if percent:
        high, step = 100.0, 25.0
    else:
        high, step = _nice_top(top)
    axis.setRange(0, high)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat(f"%.{decimals}f")
    return axis


def _index_axis(
    labels: Sequence[str],
    title: str,
    style: _Style,
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
    _style_axis(axis, title, style)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(-pad)
    axis.setRange(-pad, max(n, 1) - 1 + pad)
    axis.setGridLineVisible(False)
    step = max(1, math.ceil(n / most))
    indices = range(n - 1, -1, -step) if from_end else range(0, n, step)
    for i in sorted(indices):
        axis.append(labels[i], i)
    return axis


def _attach(chart: QChart, series: QAbstractSeries, *axes: QAbstractAxis) -> None:
    chart.addSeries(series)
    for axis in axes:
        series.attachAxis(axis)


def _bar_set(name: str, values: Sequence[float], color: QColor) -> QBarSet:
    bar_set = QBarSet(name)
    bar_set.append([float(v) for v in values])
    bar_set.setColor(color)
    bar_set.setBorderColor(color)
    return bar_set


def _date_labels(dates: Sequence[date]) -> list[str]:
    """Axis labels for consecutive days or weeks: "Mar 04", or "Mar 2024" over a longer span.

    Beyond 217 days, :func:`_index_axis` labels dates at least 32 days apart, so month names
    with the year are all different, as a category axis needs.
    """
    if len(dates) > 1 and (dates[-1] - dates[0]).days > 217:
        return [d.strftime("%b %Y") for d in dates]
    return [d.strftime("%b %d") for d in dates]


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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


# -- the window ----------------------------------------------------------------------------------


class StatsWindow(QWidget):
    """Statistics of the whole collection or one deck over a chosen period."""

    term_activated = Signal(str)
    """A term's name, when its bar in *Hardest terms* is clicked."""

    def __init__(
        self,
        collection: Collection,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.col = collection
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.statistics: Statistics | None = None
        self.setWindowTitle("Statistics")
        self.resize(1040, 780)

        self.deck_box = QComboBox()
        self.deck_box.setAccessibleName("Deck")
        self.deck_box.addItem("All decks", None)
        for deck in collection.decks():
            self.deck_box.addItem(deck.name, deck.id)
        self.period_box = QComboBox()
        self.period_box.setAccessibleName("Period")
        for period in Period:
            self.period_box.addItem(period.label, period)
        bar = QHBoxLayout()
        for label, box in (("&Deck:", self.deck_box), ("&Period:", self.period_box)):
            buddy = QLabel(label)
            buddy.setBuddy(box)
            bar.addWidget(buddy)
            bar.addWidget(box)
        bar.addStretch(1)

        self.today_labels: dict[str, QLabel] = {}
        today_box = QGroupBox("Today")
        today_row = QHBoxLayout(today_box)
        for key, caption in (
            ("studied", "answers"),
            ("minutes", "minutes studied"),
            ("again_rate", "answered Again"),
            ("new_learned", "new cards learned"),
        ):
            cell = QVBoxLayout()
            value = QLabel("—")
            big = QFont(value.font())
            big.setPointSizeF(big.pointSizeF() * 1.8)
            big.setBold(True)
            value.setFont(big)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text = QLabel(caption)
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.addWidget(value)
            cell.addWidget(text)
            today_row.addLayout(cell)
            self.today_labels[key] = value

        self.panels: dict[str, ChartPanel] = {name: ChartPanel() for name in CHART_NAMES}
        self.content = QWidget()
        grid = QGridLayout(self.content)
        grid.addWidget(today_box, 0, 0, 1, 2)
        for index, name in enumerate(CHART_NAMES[:-1]):
            grid.addWidget(self.panels[name], 1 + index // 2, index % 2)
        grid.addWidget(self.panels["calendar"], 4, 0, 1, 2)
        self.panels["calendar"].setMinimumHeight(230)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        self.scroll_area = scroll

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

        self._hardest: list[str] = []
        self.deck_box.currentIndexChanged.connect(self.reload)
        self.period_box.currentIndexChanged.connect(self.reload)
        self.reload()

    # -- state ---------------------------------------------------------------------------------

    @property
    def period(self) -> Period:
        return Period(self.period_box.currentData())  # Qt hands a StrEnum back as str

    @property
    def deck(self) -> int | None:
        deck: int | None = self.deck_box.currentData()
        return deck

    def chart(self, name: str) -> QChart:
        return self.panels[name].chart()

    def reload(self) -> None:
        """Load the figures for the chosen deck and period and redraw every chart."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            stats = load_statistics(self.col, self.clock(), period=self.period, deck=self.deck)
        finally:
            QApplication.restoreOverrideCursor()
        self.statistics = stats
        style = _Style.of(self.palette())
        self._show_today(stats.today)
        self._show_forecast(stats.forecast, style)
        self._show_reviews(stats.reviews, style)
        self._show_retention(stats.retention, style)
        self._show_hardest(stats.hardest, style)
        self._show_distribution("intervals", stats.intervals, style)
        self._show_distribution("ease", stats.ease, style)
        self._show_calendar(stats.calendar, style)

    # -- today ---------------------------------------------------------------------------------

    def _show_today(self, today: TodayStats) -> None:
        self.today_labels["studied"].setText(str(today.studied))
        self.today_labels["minutes"].setText(f"{today.minutes:.1f}")
        self.today_labels["again_rate"].setText(_percent(today.again_rate))
        self.today_labels["new_learned"].setText(str(today.new_learned))

    # -- future due ----------------------------------------------------------------------------

    def _show_forecast(self, fc: Forecast, style: _Style) -> None:
        panel = self.panels["forecast"]
        chart = _chart(
            f"Future due — {fc.average:.1f} cards a day on average (next {len(fc.days)} days)",
            style,
        )
        young = _bar_set(
            f"Young (under {MATURE_DAYS}d)", [d.young for d in fc.days], style.hue(_GREEN)
        )
        mature = _bar_set("Mature", [d.mature for d in fc.days], style.hue(_GREEN, deep=True))
        series = QStackedBarSeries()
        series.append([young, mature])
        x = _index_axis(_date_labels([d.day for d in fc.days]), "Day", style, from_end=False)
        y = _value_axis("Cards due", max((d.total for d in fc.days), default=0), style)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        _attach(chart, series, x, y)
        average = QLineSeries()
        average.setName(f"Average {fc.average:.1f}/day")
        average.append([QPointF(-0.5, fc.average), QPointF(len(fc.days) - 0.5, fc.average)])
        pen = QPen(style.text, 1.5, Qt.PenStyle.DashLine)
        average.setPen(pen)
        _attach(chart, average, x, y)

        def describe(index: int) -> str:
            d = fc.days[index]
            when = "today" if index == 0 else d.day.strftime("%a %Y-%m-%d")
            extra = f", {fc.overdue} of them overdue" if index == 0 and fc.overdue else ""
            return (
                f"{when}: {_plural(d.total, 'card')} due (young {d.young},"
                f" mature {d.mature}{extra})"
            )

        for bar_set in (young, mature):
            bar_set.hovered.connect(lambda on, i: panel.tip(describe(i) if on else ""))
        average.hovered.connect(
            lambda _p, on: panel.tip(f"Average: {fc.average:.2f} cards a day" if on else "")
        )
        panel.replace_chart(chart)

    # -- reviews -------------------------------------------------------------------------------

    def _show_reviews(self, days: Sequence[ReviewDay], style: _Style) -> None:
        panel = self.panels["reviews"]
        total = sum(d.total for d in days)
        minutes = sum(d.minutes for d in days)
        chart = _chart(
            f"Reviews — {_plural(total, 'answer')} in {minutes:.0f} min ({self.period.label})",
            style,
        )
        series = QStackedBarSeries()
        sets = [
            _bar_set(name, [d.by_button()[i] for d in days], style.hue(hue))
            for i, (name, hue) in enumerate(zip(_BUTTONS, _BUTTON_HUES, strict=True))
        ]
        series.append(sets)
        x = _index_axis(_date_labels([d.day for d in days]), "Day", style, from_end=True)
        y = _value_axis("Answers", max((d.total for d in days), default=0), style)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        _attach(chart, series, x, y)
        time_line = QLineSeries()
        time_line.setName("Minutes")
        time_line.append([QPointF(i, d.minutes) for i, d in enumerate(days)])
        time_line.setPen(QPen(style.faint(170), 1.0))  # light enough to read the bars through
        y_time = _value_axis(
            "Minutes", max((d.minutes for d in days), default=0), style, decimals=0
        )
        y_time.setGridLineVisible(False)
        chart.addAxis(y_time, Qt.AlignmentFlag.AlignRight)
        _attach(chart, time_line, x, y_time)

        def describe(index: int) -> str:
            d = days[index]
            parts = ", ".join(f"{n} {c}" for n, c in zip(_BUTTONS, d.by_button(), strict=True))
            return (
                f"{d.day.strftime('%a %Y-%m-%d')}: {_plural(d.total, 'answer')}"
                f" ({parts}) in {d.minutes:.1f} min"
            )

        for bar_set in sets:
            bar_set.hovered.connect(lambda on, i: panel.tip(describe(i) if on else ""))
        time_line.hovered.connect(
            lambda p, on: panel.tip(describe(_nearest(p.x(), len(days))) if on else "")
        )
        panel.replace_chart(chart)

    # -- retention -----------------------------------------------------------------------------

    def _show_retention(self, weeks: Sequence[RetentionWeek], style: _Style) -> None:
        panel = self.panels["retention"]
        whole = overall_retention(weeks)
        chart = _chart(
            f"Retention — young {_percent(whole.young_rate)},"
            f" mature {_percent(whole.mature_rate)} ({self.period.label})",
            style,
        )
        x = _index_axis(
            _date_labels([w.start for w in weeks]),
            "Week starting",
            style,
            from_end=True,
            pad=max(0.5, len(weeks) / 20),  # room for the last week's label
        )
        y = _value_axis("% not Again", 100, style, percent=True)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for name, deep, rates in (
            (f"Young (under {MATURE_DAYS}d)", False, [w.young_rate for w in weeks]),
            ("Mature", True, [w.mature_rate for w in weeks]),
        ):
            line = QLineSeries()
            line.setName(name)
            line.setPointsVisible(True)
            line.setPen(QPen(style.hue(_GREEN, deep=deep), 2.5))
            line.append(
                [QPointF(i, 100 * rate) for i, rate in enumerate(rates) if rate is not None]
            )
            _attach(chart, line, x, y)
            line.hovered.connect(
                lambda p, on: panel.tip(
                    _describe_week(weeks[_nearest(p.x(), len(weeks))]) if on else ""
                )
            )
        panel.replace_chart(chart)

    # -- hardest terms -------------------------------------------------------------------------

    def _show_hardest(self, hardest: Sequence[HardTerm], style: _Style) -> None:
        panel = self.panels["hardest"]
        title = "Hardest terms — most lapses (click one to browse it)"
        if not hardest:
            title = "Hardest terms — no lapses yet"
        chart = _chart(title, style, legend=False)
        ordered = list(reversed(hardest))  # the hardest at the top
        self._hardest = [h.term for h in ordered]
        bar_set = _bar_set("Lapses", [h.lapses for h in ordered], style.hue(0))
        series = QHorizontalBarSeries()
        series.append(bar_set)
        series.setBarWidth(0.7)
        y = QBarCategoryAxis()
        _style_axis(y, "Term", style)
        y.append([_short(t) for t in self._hardest] or [""])
        x = _value_axis("Lapses", max((h.lapses for h in hardest), default=0), style)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        _attach(chart, series, x, y)

        def hovered(on: bool, index: int) -> None:
            if on:
                term = ordered[index]
                panel.tip(f"{term.term}: {_plural(term.lapses, 'lapse')} — click to browse it")
                panel.setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                panel.tip("")
                panel.unsetCursor()

        bar_set.hovered.connect(hovered)
        bar_set.clicked.connect(self._term_clicked)
        panel.replace_chart(chart)

    def _term_clicked(self, index: int) -> None:
        if 0 <= index < len(self._hardest):
            self.term_activated.emit(self._hardest[index])

    # -- intervals and ease --------------------------------------------------------------------

    def _show_distribution(self, name: str, dist: Distribution, style: _Style) -> None:
        panel = self.panels[name]
        if name == "intervals":
            mean = "—" if dist.mean is None else f"{dist.mean:.1f} days"
            title, x_title = f"Intervals — average {mean}", "Current interval"
        else:
            mean = "—" if dist.mean is None else f"{dist.mean:.2f}"
            title, x_title = f"Ease — average E-Factor {mean}", "E-Factor"
        chart = _chart(title, style, legend=False)
        bar_set = _bar_set("Cards", [b.count for b in dist.bins], style.highlight)
        series = QBarSeries()
        series.append(bar_set)
        series.setBarWidth(0.8)
        # Every interval label fits; eighteen ease labels do not, so every other one is shown.
        most = len(dist.bins) if name == "intervals" else 9
        x = _index_axis([b.label for b in dist.bins], x_title, style, from_end=False, most=most)
        y = _value_axis("Cards", max((b.count for b in dist.bins), default=0), style)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        _attach(chart, series, x, y)

        def describe(index: int) -> str:
            b = dist.bins[index]
            share = f" ({b.count / dist.total:.0%})" if dist.total else ""
            unit = " days" if name == "intervals" else ""
            return f"{x_title} {b.label}{unit}: {_plural(b.count, 'card')}{share}"

        bar_set.hovered.connect(lambda on, i: panel.tip(describe(i) if on else ""))
        panel.replace_chart(chart)

    # -- calendar ------------------------------------------------------------------------------

    def _show_calendar(self, days: Sequence[CalendarDay], style: _Style) -> None:
        panel = self.panels["calendar"]
        most = max((d.count for d in days), default=0)
        active = sum(1 for d in days if d.count)
        chart = _chart(
            f"Calendar — answers per day over the past year ({active} days studied,"
            f" busiest {_plural(most, 'answer')})",
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
        _style_axis(x, "Week", style)
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        x.setStartValue(-0.5)
        x.setRange(-0.5, columns - 0.5)
        x.setGridLineVisible(False)
        for column, month in _month_starts(days, first):
            x.append(month.strftime("%b %Y" if month.month == 1 else "%b"), column)
        y = QCategoryAxis()
        _style_axis(y, "", style)
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
                panel.tip(f"{day.day.strftime('%a %Y-%m-%d')}: {_plural(day.count, 'answer')}")
            else:
                panel.tip("")

        for series in levels:
            _attach(chart, series, x, y)
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


def _describe_week(w: RetentionWeek) -> str:
    return (
        f"Week of {w.start.isoformat()}: young {_percent(w.young_rate)}"
        f" ({w.young_passed} of {w.young_total}), mature {_percent(w.mature_rate)}"
        f" ({w.mature_passed} of {w.mature_total})"
    )


def _nearest(x: float, n: int) -> int:
    return min(max(round(x), 0), max(n - 1, 0))


def _short(term: str, limit: int = 28) -> str:
    return term if len(term) <= limit else term[: limit - 1] + "…"


# -- screenshots ---------------------------------------------------------------------------------


def render_stats_screenshot(collection: Collection, path: Path, clock: Clock) -> Path:
    """Write a PNG of the statistics window at ``path``, tall enough to show every chart."""
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    window = StatsWindow(collection, clock=clock)
    window.resize(1100, 800)
    window.show()
    app.processEvents()
    extra = window.height() - window.scroll_area.viewport().height()
    window.resize(1100, extra + window.content.sizeHint().height())
    for _ in range(3):
        app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
    finally:
        window.close()
        window.deleteLater()
    return path
