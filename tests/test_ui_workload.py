"""The statistics window's workload forecast (issue 16, item 5): computed off the UI thread,
redrawn when N (new cards a day) or the horizon changes, holding the collection's figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSet, QStackedBarSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from glosscards import Collection
from glosscards.ui.stats_window import StatsWindow
from glosscards.ui.stats_workload import WorkloadPanel
from test_workload import NOW, studied


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    with Collection.open(studied(tmp_path / "collection.db"), tz=UTC, readonly=True) as c:
        yield c


def drawn(qtbot: QtBot, panel: WorkloadPanel) -> dict[str, list[float]]:
    """Wait for the forecast asked for last; its bars by name."""
    qtbot.waitUntil(lambda: not panel.busy and panel.forecast is not None)
    series = panel.chart_panel.chart().series()[0]
    assert isinstance(series, QStackedBarSeries)
    sets: list[QBarSet] = series.barSets()
    return {s.label(): [s.at(i) for i in range(s.count())] for s in sets}


def test_changing_n_redraws_the_forecast_with_that_many_new_cards(
    qtbot: QtBot, col: Collection
) -> None:
    """The chart opens at N = 23 (both decks' limits) for 30 days, as the collection
    computes it; typing 0 in the spin box redraws it with no new cards and the reviews the
    collection gives for 0; 90 days gives 90 bars."""
    window = StatsWindow(col, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    panel = window.workload
    assert panel.new_box.value() == 23
    bars = drawn(qtbot, panel)
    expected = col.workload_forecast(days=30, now=NOW)
    assert bars["Reviews"] == [float(r) for r in expected.reviews_per_day]
    assert bars["New cards"] == [float(n) for n in expected.new_per_day]
    assert "if you add 23 new cards a day (next 30 days)" in panel.chart_panel.chart().title()

    panel.new_box.setFocus()
    panel.new_box.selectAll()
    qtbot.keyClicks(panel.new_box, "0")
    bars = drawn(qtbot, panel)
    assert panel.new_box.value() == 0
    none = col.workload_forecast(days=30, new_per_day=0, now=NOW)
    assert bars["New cards"] == [0.0] * 30
    assert bars["Reviews"] == [float(r) for r in none.reviews_per_day]
    assert "if you add 0 new cards a day" in panel.chart_panel.chart().title()

    panel.days_box.setCurrentIndex(panel.days_box.findData(90))
    bars = drawn(qtbot, panel)
    assert len(bars["Reviews"]) == 90
    assert "(next 90 days)" in panel.chart_panel.chart().title()


def test_a_change_while_computing_is_drawn_after(qtbot: QtBot, col: Collection) -> None:
    """N changed twice while the first forecast runs: the chart ends with the last N."""
    panel = WorkloadPanel(col, lambda: NOW)
    qtbot.addWidget(panel)
    panel.load(None)
    panel.new_box.setValue(1)
    panel.new_box.setValue(2)
    drawn(qtbot, panel)
    qtbot.waitUntil(lambda: "add 2 new cards" in panel.chart_panel.chart().title())
    assert panel.new_box.value() == 2


def test_one_deck_starts_at_its_own_limit(qtbot: QtBot, col: Collection) -> None:
    """Choosing the deck with 3 new cards a day sets N to 3."""
    window = StatsWindow(col, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.deck_box.setCurrentIndex(window.deck_box.findData(col.deck_id("demo-glossary")))
    assert window.workload.new_box.value() == 3
    drawn(qtbot, window.workload)
    assert "3 new cards a day" in window.workload.chart_panel.chart().title()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
