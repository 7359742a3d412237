"""The statistics window (Tools → Statistics): the figures of :mod:`glosscards.stats` as charts.

The window asks :meth:`glosscards.collection.Collection.statistics_job` for every figure of the
chosen deck and period and draws them with QtCharts; it runs no SQL of its own. The figures are
computed on a worker thread (:class:`~glosscards.ui.workers.Task`), on a read-only connection of
the job's own, never on the UI thread: the window opens at once saying "computing…" and fills in
when they arrive. Choosing another deck or period cancels the computation running (its query is
interrupted) and starts the new one; a result that arrives for an earlier choice is dropped, so
the charts only ever show the last choice. Closing the window cancels what runs; the thread is
kept until it ends. The card queries' rows are kept between period switches while the
collection is unchanged (:class:`~glosscards.statistics.CardCache`). Each chart has a title,
labelled axes and a tooltip with the exact number under the mouse (also kept as the chart
view's ``toolTip()``). Colours follow the palette: the chart theme is the light or dark one by
the window colour's lightness, the background and text are the palette's, and the few colours
that carry meaning (Again is red, Good green) get a lightness that reads on that background.

This module is the one place that loads figures; :mod:`glosscards.ui.stats_panels` and
:mod:`glosscards.ui.stats_calendar` draw each chart from them with the building blocks of
:mod:`glosscards.ui.charts`.

Clicking a bar of *Hardest terms* emits :attr:`StatsWindow.term_activated` with the term's name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import shiboken6
from PySide6.QtCharts import QChart
from PySide6.QtCore import QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from glosscards.collection import Collection
from glosscards.statistics import CardCache, Statistics, StatisticsJob
from glosscards.stats import Period
from glosscards.ui.charts import ChartPanel, Style
from glosscards.ui.stats_calendar import draw_calendar
from glosscards.ui.stats_panels import (
    draw_distribution,
    draw_forecast,
    draw_hardest,
    draw_retention,
    draw_reviews,
    show_today,
)
from glosscards.ui.stats_recall import RecallBox
from glosscards.ui.stats_workload import WorkloadPanel
from glosscards.ui.window_memory import close_keys, remember_place
from glosscards.ui.workers import Task

__all__ = [
    "CARD_COUNT_CAPTIONS",
    "CHART_NAMES",
    "ChartPanel",
    "StatsWindow",
    "render_stats_screenshot",
]

Clock = Callable[[], datetime]

_RUNNING: dict[Task, StatisticsJob] = {}
"""Computations still running, kept until their thread ends, even if their window is gone."""


class _Keeper(QObject):
    """Lives on the UI thread: lets a task go once its thread has ended, and cancels every
    task when the application quits."""

    def __init__(self) -> None:
        super().__init__()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel_all)

    @Slot()
    def ended(self) -> None:
        task = self.sender()
        if isinstance(task, Task):
            task.wait()  # its run() is over; the thread is only finishing
            _RUNNING.pop(task, None)

    @Slot()
    def cancel_all(self) -> None:
        """Cancel every computation and wait for its thread."""
        for task, job in list(_RUNNING.items()):
            job.cancel()
            task.wait()


_KEEPER: list[_Keeper] = []


def _keeper() -> _Keeper:
    if not _KEEPER:
        _KEEPER.append(_Keeper())
    return _KEEPER[0]


CHART_NAMES = ("forecast", "reviews", "retention", "hardest", "intervals", "ease", "calendar")

CARD_COUNT_CAPTIONS = (
    ("new", "new"),
    ("learning", "learning"),
    ("young", "young"),
    ("mature", "mature"),
    ("suspended", "suspended"),
    ("retired", "retired"),
    ("cards", "cards in all"),
)
"""The card-count breakdown's figures (:meth:`Collection.card_counts`), as ``stats`` prints them."""


TODAY_CAPTIONS = (
    ("studied", "answers"),
    ("minutes", "minutes studied"),
    ("again_rate", "answered Again"),
    ("new_learned", "new cards learned"),
)


def _figures(
    box: QGroupBox, captions: tuple[tuple[str, str], ...], *, scale: float, empty: str
) -> dict[str, QLabel]:
    """A row of big bold figures over their captions in ``box``: the figures' labels by key."""
    row = QHBoxLayout(box)
    labels: dict[str, QLabel] = {}
    for key, caption in captions:
        cell = QVBoxLayout()
        value = QLabel(empty)
        big = QFont(value.font())
        big.setPointSizeF(big.pointSizeF() * scale)
        big.setBold(True)
        value.setFont(big)
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(caption)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cell.addWidget(value)
        cell.addWidget(text)
        row.addLayout(cell)
        labels[key] = value
    return labels


class StatsWindow(QWidget):
    """Statistics of the whole collection or one deck over a chosen period."""

    term_activated = Signal(str)
    """A term's name, when its bar in *Hardest terms* is clicked."""
    computed = Signal(object)
    """The :class:`Statistics` just drawn (the last choice's)."""

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
        remember_place(self, "statistics", QSize(1040, 780))

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

        today_box = QGroupBox("Today")
        self.today_labels = _figures(today_box, TODAY_CAPTIONS, scale=1.8, empty="—")
        counts_box = QGroupBox("Cards")
        self.count_labels = _figures(counts_box, CARD_COUNT_CAPTIONS, scale=1.3, empty="0")

        self.panels: dict[str, ChartPanel] = {name: ChartPanel() for name in CHART_NAMES}
        self.content = QWidget()
        grid = QGridLayout(self.content)
        self.recall_box = RecallBox()
        first = QVBoxLayout()
        first.addWidget(today_box)
        first.addWidget(self.recall_box)
        grid.addLayout(first, 0, 0)
        grid.addWidget(counts_box, 0, 1)
        for index, name in enumerate(CHART_NAMES[:-1]):
            grid.addWidget(self.panels[name], 1 + index // 2, index % 2)
        grid.addWidget(self.panels["calendar"], 4, 0, 1, 2)
        self.panels["calendar"].setMinimumHeight(230)
        self.workload = WorkloadPanel(collection, self.clock)  # computed on a worker thread
        grid.addWidget(self.workload, 5, 0, 1, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        self.scroll_area = scroll

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

        close_keys(self)  # Esc and Ctrl+W, as every window here

        self.status = QLabel()
        self.status.setAccessibleName("Statistics status")
        bar.insertWidget(bar.count() - 1, self.status)

        self._hardest: list[str] = []
        self._cache = CardCache()
        self._job: StatisticsJob | None = None
        self._task: Task | None = None
        self._asked = 0
        """How many computations were asked for: a result is drawn only for the last."""
        self._shown_deck: object = ()
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

    @property
    def busy(self) -> bool:
        """Whether the figures asked for last are still being computed."""
        return self._task is not None

    def reload(self) -> None:
        """Compute the figures for the chosen deck and period on a worker thread; they are
        drawn when they arrive (:attr:`computed`), unless another choice came first."""
        self._cancel()
        self._asked += 1
        asked = self._asked
        job = self.col.statistics_job(
            self.clock(), period=self.period, deck=self.deck, cache=self._cache
        )
        self.status.setText("computing…")
        task = Task(lambda _progress: (asked, job.run()))
        self._job, self._task = job, task
        _RUNNING[task] = job
        task.finished.connect(_keeper().ended)
        task.succeeded.connect(self._arrived)
        task.failed.connect(self._failed)
        task.start()
        if self._shown_deck != self.deck:
            self._shown_deck = self.deck
            self.workload.load(self.deck)

    def wait(self) -> None:
        """Process events until the figures asked for last are drawn (screenshots, tests)."""
        app = QApplication.instance()
        while self._task is not None and app is not None:
            self._task.wait(20)
            app.processEvents()

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self._job = self._task = None

    def _current(self, asked: int) -> bool:
        """Whether a result is the one asked for last (and this window is still there)."""
        if not shiboken6.isValid(self) or asked != self._asked:
            return False
        self._job = self._task = None
        return True

    @Slot(object)
    def _arrived(self, result: tuple[int, Statistics | None]) -> None:
        asked, stats = result
        if stats is None or not self._current(asked):
            return
        self.status.setText("")
        self.show_statistics(stats)
        self.computed.emit(stats)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        if self.sender() is self._task and self._current(self._asked):
            self.status.setText(f"No statistics: {error}")

    def show_statistics(self, stats: Statistics) -> None:
        """Draw every chart from ``stats``."""
        self.statistics = stats
        style = Style.of(self.palette())
        panels = self.panels
        show_today(self.today_labels, stats.today)
        self.recall_box.show_recall(stats.recall, all_decks=stats.deck is None)
        for key, label in self.count_labels.items():
            label.setText(f"{stats.cards[key]:,}")
        draw_forecast(panels["forecast"], stats.forecast, style)
        draw_reviews(panels["reviews"], stats.reviews, stats.period, style)
        draw_retention(panels["retention"], stats.retention, stats.period, style)
        self._hardest = draw_hardest(panels["hardest"], stats.hardest, style, self._term_clicked)
        draw_distribution(panels["intervals"], "intervals", stats.intervals, style)
        draw_distribution(panels["ease"], "ease", stats.ease, style)
        draw_calendar(panels["calendar"], stats.calendar, style)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing cancels the computation running; its thread ends on its own."""
        self._cancel()
        self._asked += 1
        super().closeEvent(event)

    def _term_clicked(self, index: int) -> None:
        if 0 <= index < len(self._hardest):
            self.term_activated.emit(self._hardest[index])


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
    window.wait()
    window.workload.wait()
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
