"""The statistics window: its charts hold the hand-counted figures of the seeded history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from glosscards import Collection
from glosscards.ui.stats_window import CARD_COUNT_CAPTIONS, StatsWindow, render_stats_screenshot
from test_stats import NOW, TZ, seed_collection


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    with Collection.open(seed_collection(tmp_path / "seeded.db"), tz=TZ, readonly=True) as c:
        yield c


@pytest.fixture
def window(qtbot: QtBot, col: Collection) -> StatsWindow:
    w = StatsWindow(col, clock=lambda: NOW)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    drawn(qtbot, w)
    return w


def drawn(qtbot: QtBot, w: StatsWindow) -> None:
    """Wait until the figures asked for last are drawn (they are computed on a worker)."""
    qtbot.waitUntil(lambda: not w.busy and w.statistics is not None)


def bar_values(bar_set: QBarSet) -> list[float]:
    return [bar_set.at(i) for i in range(bar_set.count())]


def sets_of(chart: QChart) -> dict[str, list[float]]:
    """Bar sets of the chart's first series, by name."""
    series = chart.series()[0]
    assert isinstance(series, QAbstractBarSeries)
    return {s.label(): bar_values(s) for s in series.barSets()}


def line(chart: QChart, name: str) -> list[tuple[float, float]]:
    for series in chart.series():
        if isinstance(series, QLineSeries) and series.name() == name:
            return [(p.x(), round(p.y(), 4)) for p in series.points()]
    raise AssertionError(f"no line {name!r}")


def spread(days: int, values: dict[int, float]) -> list[float]:
    return [float(values.get(i, 0)) for i in range(days)]


def test_today_figures(window: StatsWindow) -> None:
    """Today shows 4 answers, 0.8 minutes, 25% Again and 1 new card."""
    shown = {key: label.text() for key, label in window.today_labels.items()}
    assert shown == {"studied": "4", "minutes": "0.8", "again_rate": "25.0%", "new_learned": "1"}


def test_forecast_bars_hold_young_and_mature_due_per_day(window: StatsWindow) -> None:
    """Young and mature bars per day for 30 days, and the average as a line at 10/30."""
    chart = window.chart("forecast")
    assert isinstance(chart.series()[0], QStackedBarSeries)
    bars = sets_of(chart)
    assert bars["Young (under 21d)"] == spread(30, {0: 2, 1: 3, 2: 1, 6: 1, 7: 1})
    assert bars["Mature"] == spread(30, {0: 1, 10: 1})
    assert {y for _, y in line(chart, "Average 0.3/day")} == {round(10 / 30, 4)}
    assert chart.title().startswith("Future due")
    assert [a.titleText() for a in chart.axes()] == ["Day", "Cards due"]


def test_reviews_stack_answers_by_button_with_the_time(window: StatsWindow) -> None:
    """Thirty days ending today; today is Again 1, Good 3 in 50 s."""
    chart = window.chart("reviews")
    bars = sets_of(chart)
    assert list(bars) == ["Again", "Hard", "Good", "Easy"]
    assert bars["Again"] == spread(30, {29: 1, 28: 1, 18: 1})
    assert bars["Hard"] == spread(30, {28: 1})
    assert bars["Good"] == spread(30, {29: 3, 28: 1, 27: 1, 25: 1, 20: 1, 19: 1, 8: 1})
    assert bars["Easy"] == spread(30, {26: 1})
    minutes = dict(line(chart, "Minutes"))
    assert minutes[29] == round(50 / 60, 4) and minutes[28] == round(26 / 60, 4)


def test_retention_lines_skip_weeks_without_reviews(window: StatsWindow) -> None:
    """Five weeks; young 100%, 100%, 75%; mature 0% then 2 of 3."""
    chart = window.chart("retention")
    assert line(chart, "Young (under 21d)") == [(1, 100.0), (3, 100.0), (4, 75.0)]
    assert line(chart, "Mature") == [(3, 0.0), (4, round(200 / 3, 4))]
    assert "young 83.3%" in chart.title() and "mature 50.0%" in chart.title()


def test_interval_and_ease_bars(window: StatsWindow) -> None:
    """Cards per interval bin and per E-Factor bin."""
    assert sets_of(window.chart("intervals"))["Cards"] == [4, 1, 2, 2, 0, 2, 1, 0, 1, 1, 0]
    ease = sets_of(window.chart("ease"))["Cards"]
    assert ease == spread(18, {0: 2, 6: 1, 7: 1, 10: 1, 12: 6, 13: 1, 15: 1, 17: 1})


def test_calendar_shades_each_day_of_the_year(window: StatsWindow) -> None:
    """365 cells; today (4 answers, the busiest) is darkest, June's single answer lightest."""
    chart = window.chart("calendar")
    levels = [s for s in chart.series() if isinstance(s, QScatterSeries)]
    assert sum(s.count() for s in levels) == 365
    # one answer on 8 days (20–22, 27–29 March, 10 March, 1 June); 3 on the 30th; 4 today
    assert [s.count() for s in levels[1:]] == [8, 0, 1, 1]
    today_cell = QPointF(52, 0)  # Mon 31 March 2025, 52 weeks after Mon 1 April 2024
    assert today_cell in levels[4].points()


def test_hovering_a_bar_shows_the_exact_number(qtbot: QtBot, window: StatsWindow) -> None:
    """The mouse over today's forecast bar shows how many cards are due, in a tooltip."""
    panel = window.panels["forecast"]
    chart = panel.chart()
    series = chart.series()[0]
    centre = chart.mapToPosition(QPointF(0, 1.5), series)
    qtbot.mouseMove(panel.viewport(), panel.mapFromScene(centre))
    qtbot.waitUntil(lambda: panel.toolTip() != "")
    assert panel.toolTip() == "today: 3 cards due (young 2, mature 1, 2 of them overdue)"


def test_clicking_a_hard_term_emits_its_name(qtbot: QtBot, window: StatsWindow) -> None:
    """Terms with the most lapses first; clicking Embedding's bar emits term_activated."""
    panel = window.panels["hardest"]
    chart = panel.chart()
    series = chart.series()[0]
    assert isinstance(series, QHorizontalBarSeries)
    axis = chart.axes(Qt.Orientation.Vertical)[0]
    assert isinstance(axis, QBarCategoryAxis)
    assert axis.categories() == ["Gradient", "Dropout", "Backprop", "Embedding"]
    assert bar_values(series.barSets()[0]) == [1, 1, 2, 4]
    bar = chart.mapToPosition(QPointF(2, 3), series)
    with qtbot.waitSignal(window.term_activated, timeout=2000) as signal:
        qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=panel.mapFromScene(bar))
    assert signal.args == ["Embedding"]


def test_choosing_a_deck_and_a_period_redraws_the_charts(qtbot: QtBot, window: StatsWindow) -> None:
    """Deck beta over all time: its first answer (1 March 2024) starts 396 days of reviews."""
    window.deck_box.setFocus()
    qtbot.keyClicks(window.deck_box, "beta")
    assert window.deck == 2
    drawn(qtbot, window)
    assert sum(sets_of(window.chart("forecast"))["Young (under 21d)"]) == 2
    window.period_box.setFocus()
    qtbot.keyClick(window.period_box, Qt.Key.Key_End)
    assert window.period_box.currentText() == "all"
    drawn(qtbot, window)
    good = sets_of(window.chart("reviews"))["Good"]
    assert len(good) == 396 and good[0] == 1 and sum(good) == 4
    assert window.chart("hardest").title() == "Hardest terms — no lapses yet"


def test_a_dark_palette_gives_dark_charts(qtbot: QtBot, window: StatsWindow) -> None:
    """Charts follow the palette: a dark window colour selects the dark chart theme."""
    assert window.chart("reviews").theme() == QChart.ChartTheme.ChartThemeLight
    dark = QPalette(window.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#222222"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    window.setPalette(dark)
    window.reload()
    drawn(qtbot, window)
    chart = window.chart("reviews")
    assert chart.theme() == QChart.ChartTheme.ChartThemeDark
    assert chart.backgroundBrush().color() == QColor("#222222")


def test_screenshot_shows_every_chart(qtbot: QtBot, col: Collection, tmp_path: Path) -> None:
    """render_stats_screenshot writes a PNG tall enough for the today box and all charts."""
    path = render_stats_screenshot(col, tmp_path / "shots" / "statistics.png", lambda: NOW)
    image = QImage(str(path))
    assert image.width() == 1100 and image.height() > 4 * 270


def test_the_card_counts_are_shown_as_stats_prints_them(
    window: StatsWindow, col: Collection
) -> None:
    counts = col.card_counts()
    shown = {key: label.text() for key, label in window.count_labels.items()}
    assert shown == {key: f"{counts[key]:,}" for key, _ in CARD_COUNT_CAPTIONS}
    assert int(shown["cards"].replace(",", "")) > 0


@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_escape_and_ctrl_w_close_the_window(
    qtbot: QtBot, window: StatsWindow, keys: tuple[Qt.Key, Qt.KeyboardModifier]
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, *keys)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_window_opens_beside_its_parent(qtbot: QtBot, col: Collection) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.setGeometry(300, 200, 600, 400)
    parent.show()
    qtbot.waitExposed(parent)
    w = StatsWindow(col, clock=lambda: NOW, parent=parent)
    w.setWindowFlag(Qt.WindowType.Window)
    w.resize(300, 200)  # smaller than the test's screen: room beside the parent
    w.show()
    qtbot.waitExposed(w)
    assert w.pos() != QPoint(0, 0)
    assert (w.pos() - parent.frameGeometry().topLeft()).manhattanLength() < 200


def test_a_collection_without_answers_says_so_instead_of_dashes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    glossary = tmp_path / "g.txt"
    glossary.write_text("Alpha Term#\nAlpha is the first letter here.\n", encoding="utf-8")
    with Collection.open(tmp_path / "empty.db", tz=TZ) as fresh:
        fresh.import_glossary(glossary, now=NOW, backup=False)
        w = StatsWindow(fresh, clock=lambda: NOW)
        qtbot.addWidget(w)
        drawn(qtbot, w)
        titles = {name: w.chart(name).title() for name in ("retention", "intervals", "ease")}
        assert titles["retention"].startswith("Retention — no answers yet")
        assert titles["intervals"] == "Intervals — no card studied yet"
        assert titles["ease"] == "Ease — no card studied yet"
        assert w.today_labels["again_rate"].text() == "none yet"
        assert all("—," not in t and not t.endswith("—") for t in titles.values())
        w.close()


# -- computed off the UI thread (issue 15) -------------------------------------------------------


def test_the_window_opens_computing_then_shows_the_figures(qtbot: QtBot, col: Collection) -> None:
    """Nothing is computed on the UI thread: the window first says so, then fills in."""
    w = StatsWindow(col, clock=lambda: NOW)
    qtbot.addWidget(w)
    w.show()
    assert w.status.text() == "computing…" and w.statistics is None
    assert w.today_labels["studied"].text() == "—"
    with qtbot.waitSignal(w.computed, timeout=10_000):
        pass
    assert w.status.text() == "" and w.statistics is not None
    assert w.today_labels["studied"].text() == "4"


def test_switching_the_period_twice_quickly_shows_only_the_second(
    qtbot: QtBot, window: StatsWindow
) -> None:
    """Two key presses before any result: the 3-month figures are never drawn, the year's are."""
    drawn_periods: list[object] = []
    window.computed.connect(lambda stats: drawn_periods.append(stats.period))
    window.period_box.setFocus()
    qtbot.keyClick(window.period_box, Qt.Key.Key_Down)
    assert window.period_box.currentText() == "3 months" and window.busy
    qtbot.keyClick(window.period_box, Qt.Key.Key_Down)
    assert window.period_box.currentText() == "1 year"
    drawn(qtbot, window)
    qtbot.wait(50)  # any late result of the first switch would arrive by now
    assert [str(p) for p in drawn_periods] == ["1y"]
    assert len(sets_of(window.chart("reviews"))["Good"]) == 365


def test_closing_while_computing_drops_the_result_and_ends_the_thread(
    qtbot: QtBot, col: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The computation is held until the window is closed and gone; it then ends, its result
    dropped, and no thread is left."""
    import threading

    import glosscards.statistics as statistics_module
    from glosscards.ui import stats_window

    release = threading.Event()
    original = statistics_module.compute_statistics

    def held(*args: object, **kwargs: object) -> object:
        release.wait(30)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(statistics_module, "compute_statistics", held)
    # Tasks of earlier tests may still be in the module's set until their end is handled.
    earlier = set(stats_window._RUNNING)
    w = StatsWindow(col, clock=lambda: NOW)
    w.show()
    qtbot.waitExposed(w)
    running = [task for task in stats_window._RUNNING if task not in earlier]
    assert len(running) == 1 and w.busy
    w.close()
    w.deleteLater()
    qtbot.wait(20)
    release.set()
    qtbot.waitUntil(lambda: not set(running) & set(stats_window._RUNNING), timeout=10_000)
    assert all(task.isFinished() for task in running)
