"""Each chart of the statistics window, drawn from the figures of :mod:`glosscards.stats`.

Every ``draw_*`` function builds one chart from plain figure values and puts it in its
:class:`~glosscards.ui.charts.ChartPanel`, with a tooltip giving the exact number under the
mouse; the calendar heatmap is :func:`glosscards.ui.stats_calendar.draw_calendar`. Nothing here
loads figures: :class:`glosscards.ui.stats_window.StatsWindow` does, and hands each function
its part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QLabel

from glosscards.stats import (
    MATURE_DAYS,
    Distribution,
    Forecast,
    HardTerm,
    Period,
    RetentionWeek,
    ReviewDay,
    TodayStats,
    overall_retention,
)
from glosscards.ui.charts import (
    ChartPanel,
    Style,
    attach,
    date_labels,
    index_axis,
    nearest,
    new_bar_set,
    new_chart,
    percent,
    plural,
    shorten,
    style_axis,
    value_axis,
)

__all__ = [
    "draw_distribution",
    "draw_forecast",
    "draw_hardest",
    "draw_retention",
    "draw_reviews",
    "show_today",
]

_BUTTONS = ("Again", "Hard", "Good", "Easy")
_BUTTON_HUES = (0, 35, 120, 210)
_GREEN = 120


# -- today ---------------------------------------------------------------------------------------


def show_today(labels: Mapping[str, QLabel], today: TodayStats) -> None:
    """Write today's figures into the labels keyed studied, minutes, again_rate, new_learned."""
    labels["studied"].setText(str(today.studied))
    labels["minutes"].setText(f"{today.minutes:.1f}")
    labels["again_rate"].setText(
        "none yet" if today.again_rate is None else percent(today.again_rate)
    )
    labels["new_learned"].setText(str(today.new_learned))


# -- future due ----------------------------------------------------------------------------------


def draw_forecast(panel: ChartPanel, fc: Forecast, style: Style) -> None:
    """Cards due per day, young and mature stacked, with the average as a dashed line."""
    chart = new_chart(
        f"Future due — {fc.average:.1f} cards a day on average (next {len(fc.days)} days)",
        style,
    )
    young = new_bar_set(
        f"Young (under {MATURE_DAYS}d)", [d.young for d in fc.days], style.hue(_GREEN)
    )
    mature = new_bar_set("Mature", [d.mature for d in fc.days], style.hue(_GREEN, deep=True))
    series = QStackedBarSeries()
    series.append([young, mature])
    x = index_axis(date_labels([d.day for d in fc.days]), "Day", style, from_end=False)
    y = value_axis("Cards due", max((d.total for d in fc.days), default=0), style)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    attach(chart, series, x, y)
    average = QLineSeries()
    average.setName(f"Average {fc.average:.1f}/day")
    average.append([QPointF(-0.5, fc.average), QPointF(len(fc.days) - 0.5, fc.average)])
    pen = QPen(style.text, 1.5, Qt.PenStyle.DashLine)
    average.setPen(pen)
    attach(chart, average, x, y)

    def describe(index: int) -> str:
        d = fc.days[index]
        when = "today" if index == 0 else d.day.strftime("%a %Y-%m-%d")
        extra = f", {fc.overdue} of them overdue" if index == 0 and fc.overdue else ""
        return f"{when}: {plural(d.total, 'card')} due (young {d.young}, mature {d.mature}{extra})"

    for bar_set in (young, mature):
        bar_set.hovered.connect(lambda on, i: panel.tip(describe(i) if on else ""))
    average.hovered.connect(
        lambda _p, on: panel.tip(f"Average: {fc.average:.2f} cards a day" if on else "")
    )
    panel.replace_chart(chart)


# -- reviews -------------------------------------------------------------------------------------


def draw_reviews(
    panel: ChartPanel, days: Sequence[ReviewDay], period: Period, style: Style
) -> None:
    """Answers per day by button, stacked, with the minutes studied as a line."""
    total = sum(d.total for d in days)
    minutes = sum(d.minutes for d in days)
    chart = new_chart(
        f"Reviews — {plural(total, 'answer')} in {minutes:.0f} min ({period.label})",
        style,
    )
    series = QStackedBarSeries()
    sets = [
        new_bar_set(name, [d.by_button()[i] for d in days], style.hue(hue))
        for i, (name, hue) in enumerate(zip(_BUTTONS, _BUTTON_HUES, strict=True))
    ]
    series.append(sets)
    x = index_axis(date_labels([d.day for d in days]), "Day", style, from_end=True)
    y = value_axis("Answers", max((d.total for d in days), default=0), style)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    attach(chart, series, x, y)
    time_line = QLineSeries()
    time_line.setName("Minutes")
    time_line.append([QPointF(i, d.minutes) for i, d in enumerate(days)])
    time_line.setPen(QPen(style.faint(170), 1.0))  # light enough to read the bars through
    y_time = value_axis("Minutes", max((d.minutes for d in days), default=0), style, decimals=0)
    y_time.setGridLineVisible(False)
    chart.addAxis(y_time, Qt.AlignmentFlag.AlignRight)
    attach(chart, time_line, x, y_time)

    def describe(index: int) -> str:
        d = days[index]
        parts = ", ".join(f"{n} {c}" for n, c in zip(_BUTTONS, d.by_button(), strict=True))
        return (
            f"{d.day.strftime('%a %Y-%m-%d')}: {plural(d.total, 'answer')}"
            f" ({parts}) in {d.minutes:.1f} min"
        )

    for bar_set in sets:
        bar_set.hovered.connect(lambda on, i: panel.tip(describe(i) if on else ""))
    time_line.hovered.connect(
        lambda p, on: panel.tip(describe(nearest(p.x(), len(days))) if on else "")
    )
    panel.replace_chart(chart)


# -- retention -----------------------------------------------------------------------------------


def draw_retention(
    panel: ChartPanel, weeks: Sequence[RetentionWeek], period: Period, style: Style
) -> None:
    """Young and mature retention per week, as two lines of points."""
    whole = overall_retention(weeks)
    if whole.young_rate is None and whole.mature_rate is None:
        title = f"Retention — no answers yet ({period.label})"
    else:
        parts = [
            f"{name} {percent(rate)}"
            for name, rate in (("young", whole.young_rate), ("mature", whole.mature_rate))
            if rate is not None
        ]
        title = f"Retention — {', '.join(parts)} ({period.label})"
    chart = new_chart(title, style)
    x = index_axis(
        date_labels([w.start for w in weeks]),
        "Week starting",
        style,
        from_end=True,
        pad=max(0.5, len(weeks) / 20),  # room for the last week's label
    )
    y = value_axis("% not Again", 100, style, percent=True)
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
        line.append([QPointF(i, 100 * rate) for i, rate in enumerate(rates) if rate is not None])
        attach(chart, line, x, y)
        line.hovered.connect(
            lambda p, on: panel.tip(_describe_week(weeks[nearest(p.x(), len(weeks))]) if on else "")
        )
    panel.replace_chart(chart)


def _describe_week(w: RetentionWeek) -> str:
    return (
        f"Week of {w.start.isoformat()}: young {percent(w.young_rate)}"
        f" ({w.young_passed} of {w.young_total}), mature {percent(w.mature_rate)}"
        f" ({w.mature_passed} of {w.mature_total})"
    )


# -- hardest terms -------------------------------------------------------------------------------


def draw_hardest(
    panel: ChartPanel,
    hardest: Sequence[HardTerm],
    style: Style,
    clicked: Callable[[int], None],
) -> list[str]:
    """Lapses per term as horizontal bars, the hardest at the top.

    Returns the terms in bar order; a click on bar ``i`` calls ``clicked(i)``.
    """
    title = "Hardest terms — most lapses (click one to browse it)"
    if not hardest:
        title = "Hardest terms — no lapses yet"
    chart = new_chart(title, style, legend=False)
    ordered = list(reversed(hardest))  # the hardest at the top
    terms = [h.term for h in ordered]
    bar_set = new_bar_set("Lapses", [h.lapses for h in ordered], style.hue(0))
    series = QHorizontalBarSeries()
    series.append(bar_set)
    series.setBarWidth(0.7)
    y = QBarCategoryAxis()
    style_axis(y, "Term", style)
    y.append([shorten(t) for t in terms] or [""])
    x = value_axis("Lapses", max((h.lapses for h in hardest), default=0), style)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    attach(chart, series, x, y)

    def hovered(on: bool, index: int) -> None:
        if on:
            term = ordered[index]
            panel.tip(f"{term.term}: {plural(term.lapses, 'lapse')} — click to browse it")
            panel.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            panel.tip("")
            panel.unsetCursor()

    bar_set.hovered.connect(hovered)
    bar_set.clicked.connect(clicked)
    panel.replace_chart(chart)
    return terms


# -- intervals and ease --------------------------------------------------------------------------


def draw_distribution(panel: ChartPanel, name: str, dist: Distribution, style: Style) -> None:
    """Cards per bin of the current interval (``name`` "intervals") or of the E-Factor."""
    if name == "intervals":
        mean = "no card studied yet" if dist.mean is None else f"average {dist.mean:.1f} days"
        title, x_title = f"Intervals — {mean}", "Current interval"
    else:
        mean = "no card studied yet" if dist.mean is None else f"average E-Factor {dist.mean:.2f}"
        title, x_title = f"Ease — {mean}", "E-Factor"
    chart = new_chart(title, style, legend=False)
    bar_set = new_bar_set("Cards", [b.count for b in dist.bins], style.highlight)
    series = QBarSeries()
    series.append(bar_set)
    series.setBarWidth(0.8)
    # Every interval label fits; eighteen ease labels do not, so every other one is shown.
    most = len(dist.bins) if name == "intervals" else 9
    x = index_axis([b.label for b in dist.bins], x_title, style, from_end=False, most=most)
    y = value_axis("Cards", max((b.count for b in dist.bins), default=0), style)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    attach(chart, series, x, y)

    def describe(index: int) -> str:
        b = dist.bins[index]
        share = f" ({b.count / dist.total:.0%})" if dist.total else ""
        unit = " days" if name == "intervals" else ""
        return f"{x_title} {b.label}{unit}: {plural(b.count, 'card')}{share}"

    bar_set.hovered.connect(lambda on, i: panel.tip(describe(i) if on else ""))
    panel.replace_chart(chart)
