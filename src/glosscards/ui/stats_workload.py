"""The statistics window's workload forecast: reviews a day over the next 30 or 90 days if the
learner adds N new cards a day (:meth:`glosscards.collection.Collection.workload_forecast`).

N starts at the deck's daily new-card limit (all decks: the sum of theirs) and is changed with
the spin box. Reading the cards' states (about a second at 100,000 cards) and the simulation
both run on a :class:`~glosscards.ui.workers.Task`, never on the UI thread; a change made while
it runs is computed when it ends, so the chart always shows the last choice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import shiboken6
from PySide6.QtCharts import QStackedBarSeries
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.forecast import Forecast
from glosscards.scheduler.day import date_of_day
from glosscards.ui.charts import (
    ChartPanel,
    Style,
    attach,
    date_labels,
    index_axis,
    new_bar_set,
    new_chart,
    plural,
    value_axis,
)
from glosscards.ui.workers import Task

__all__ = ["WorkloadPanel", "draw_workload", "workload_title"]

Clock = Callable[[], datetime]

_REVIEW_HUE, _NEW_HUE = 120, 210
_RUNNING: set[Task] = set()
"""Tasks still running: kept until they end, even if their panel is gone."""


def workload_title(fc: Forecast, new_per_day: int) -> str:
    reviews = fc.reviews_per_day
    average = sum(reviews) / max(1, len(reviews))
    return (
        f"Workload forecast: {average:.1f} reviews a day on average if you add"
        f" {plural(new_per_day, 'new card')} a day (next {len(reviews)} days)"
    )


def draw_workload(panel: ChartPanel, fc: Forecast, new_per_day: int, style: Style) -> None:
    """Reviews and new cards per simulated day, stacked, with the exact numbers as tooltips."""
    chart = new_chart(workload_title(fc, new_per_day), style)
    reviews = new_bar_set("Reviews", list(fc.reviews_per_day), style.hue(_REVIEW_HUE))
    new = new_bar_set("New cards", list(fc.new_per_day), style.hue(_NEW_HUE))
    series = QStackedBarSeries()
    series.append([reviews, new])
    days = [date_of_day(d.number) for d in fc.days]
    x = index_axis(date_labels(days), "Day", style, from_end=False)
    y = value_axis("Cards a day", max((d.reviews + d.new for d in fc.days), default=0), style)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    attach(chart, series, x, y)

    def describe(index: int) -> str:
        d = fc.days[index]
        when = "today" if index == 0 else days[index].strftime("%a %Y-%m-%d")
        again = f", {d.redrills} again the same day" if d.redrills else ""
        return f"{when}: about {plural(d.reviews, 'review')} and {d.new} new{again}"

    for bar_set in (reviews, new):
        bar_set.hovered.connect(lambda on, i: panel.tip(describe(i) if on else ""))
    panel.replace_chart(chart)


class WorkloadPanel(QWidget):
    """The chart, N (new cards a day) and the horizon. ``drawn`` is emitted with each chart."""

    drawn = Signal()

    def __init__(self, col: Collection, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.clock = clock
        self.deck: int | None = None
        self.forecast: Forecast | None = None
        self._task: Task | None = None
        self._again = False
        self.new_box = QSpinBox()
        self.new_box.setRange(0, 9999)
        self.new_box.setAccessibleName("New cards a day")
        self.days_box = QComboBox()
        self.days_box.setAccessibleName("Days ahead")
        for days in (30, 90):
            self.days_box.addItem(f"next {days} days", days)
        self.status = QLabel()
        self.chart_panel = ChartPanel()
        bar = QHBoxLayout()
        for text, box in (("New cards a &day:", self.new_box), ("&Forecast:", self.days_box)):
            label = QLabel(text)
            label.setBuddy(box)
            bar.addWidget(label)
            bar.addWidget(box)
        bar.addWidget(self.status)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.chart_panel, 1)
        self.new_box.valueChanged.connect(self.refresh)
        self.days_box.currentIndexChanged.connect(self.refresh)

    @property
    def days(self) -> int:
        return int(self.days_box.currentData())

    @property
    def busy(self) -> bool:
        """Whether a forecast is being computed."""
        return self._task is not None

    def load(self, deck: int | None) -> None:
        """Show ``deck``'s forecast (None: all decks), N set to its daily new-card limit."""
        self.deck = deck
        self.new_box.blockSignals(True)
        self.new_box.setValue(self.col.new_cards_a_day(deck))
        self.new_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Compute the forecast for the current choices (after the one running, if any)."""
        if self._task is not None:
            self._again = True
            return
        path, tz, deck, days, new, now = (
            self.col.path,
            self.col.tz,
            self.deck,
            self.days,
            self.new_box.value(),
            self.clock(),
        )

        def forecast(_progress: object) -> tuple[Forecast, int]:
            # Reading the cards' states is most of the work at 100,000 cards (about a second),
            # so it runs here, on a read-only collection of this thread's own: the window's
            # collection, its connection and its caches (schedulers, today's counts) stay the
            # UI thread's alone, and the reviewer never waits for this.
            with Collection.open(path, tz=tz, readonly=True) as reader:
                plan = reader.workload_plan(deck, days=days, new_per_day=new, now=now)
            return plan.run(), plan.new_per_day

        self.status.setText("computing…")
        task = Task(forecast)
        self._task = task
        _RUNNING.add(task)
        task.finished.connect(lambda: _RUNNING.discard(task))
        task.succeeded.connect(self._computed)
        task.failed.connect(self._failed)
        task.start()

    def wait(self) -> None:
        """Process events until the forecast asked for last is drawn (screenshots, tests)."""
        app = QApplication.instance()
        while self._task is not None and app is not None:
            self._task.wait(20)
            app.processEvents()

    def _ended(self) -> bool:
        """The task is over; False when this panel is gone or another forecast is due."""
        if not shiboken6.isValid(self):
            return False
        self._task = None
        if self._again:
            self._again = False
            self.refresh()
            return False
        return True

    def _computed(self, result: tuple[Forecast, int]) -> None:
        if not self._ended():
            return
        fc, new_per_day = result
        self.forecast = fc
        self.status.setText("")
        draw_workload(self.chart_panel, fc, new_per_day, Style.of(self.palette()))
        self.drawn.emit()

    def _failed(self, error: BaseException) -> None:
        if self._ended():
            self.status.setText(f"No forecast: {error}")
