"""`glosscards stats`: the figures of the seeded history as JSON and as a table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from glosscards import Collection
from glosscards.cli import main
from glosscards.stats import Period
from glosscards.stats_cli import print_stats
from test_stats import NOW, TZ, seed_collection


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    with Collection.open(seed_collection(tmp_path / "seeded.db"), tz=TZ, readonly=True) as c:
        yield c


def stats_json(
    col: Collection,
    capsys: pytest.CaptureFixture[str],
    *,
    period: Period = Period.QUARTER,
    deck: int | None = None,
) -> dict[str, Any]:
    print_stats(col, as_json=True, now=NOW, period=period, deck=deck)
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_json_today_and_forecast(col: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    """Today and the 30-day forecast, as worked out by hand in test_stats."""
    data = stats_json(col, capsys)
    assert data["today"] == {
        "studied": 4,
        "minutes": 0.83,
        "again": 1,
        "again_rate": 0.25,
        "new_learned": 1,
    }
    forecast = data["forecast"]
    assert len(forecast["days"]) == 30
    assert forecast["days"][0] == {"date": "2025-03-31", "young": 2, "mature": 1, "total": 3}
    assert forecast["days"][7] == {"date": "2025-04-07", "young": 1, "mature": 0, "total": 1}
    assert (forecast["total"], forecast["overdue"], forecast["average"]) == (10, 2, 0.33)


def test_json_retention_per_week_over_three_months(
    col: Collection, capsys: pytest.CaptureFixture[str]
) -> None:
    """Thirteen weeks back from today; weeks without reviews have a null rate."""
    retention = stats_json(col, capsys)["retention"]
    assert retention["period"] == "3m"
    weeks = retention["weeks"]
    assert len(weeks) == 13 and weeks[-1]["week_start"] == "2025-03-25"
    assert weeks[-1]["young"] == {"passed": 3, "total": 4, "rate": 0.75}
    assert weeks[-1]["mature"] == {"passed": 2, "total": 3, "rate": 0.6667}
    assert weeks[-2]["mature"] == {"passed": 0, "total": 1, "rate": 0.0}
    assert weeks[-3]["young"] == {"passed": 0, "total": 0, "rate": None}


def test_json_keeps_due_today_and_cards_by_state(
    col: Collection, capsys: pytest.CaptureFixture[str]
) -> None:
    """The counts scripts already read are still there, by state and for the collection."""
    data = stats_json(col, capsys)
    assert set(data["due_today"]) == {"new", "learning", "review"}
    assert data["cards"] == {
        "new": 2,
        "learning": 3,
        "young": 5,
        "mature": 5,
        "suspended": 1,
        "retired": 1,
        "cards": 17,
        "notes": 15,
        "terms": 15,
    }


def test_one_deck_over_one_month(col: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    """Deck beta: two cards due (2 and 6 April), five weeks, one young review in the last."""
    data = stats_json(col, capsys, deck=2, period=Period.MONTH)
    assert data["forecast"]["total"] == 2
    assert len(data["retention"]["weeks"]) == 5
    assert data["retention"]["weeks"][-1]["young"] == {"passed": 1, "total": 1, "rate": 1.0}
    assert data["today"]["studied"] == 0 and data["today"]["again_rate"] is None
    assert col.card_counts(deck=2)["cards"] == 4


def test_table(col: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    """The table shows today, the forecast by day and retention per week."""
    print_stats(col, as_json=False, now=NOW)
    out = capsys.readouterr().out
    assert "today:      studied 4 in 0.8 min  again 1 (25.0%)  new cards learned 1" in out
    assert "forecast (next 30 days): 10 due, 0.3 a day on average (2 overdue counted today)" in out
    assert "  2025-03-31      2      1      3" in out
    assert "  2025-03-25        75.0% (3/4)        66.7% (2/3)" in out
    assert "  2025-03-11" + " " * 12 + "— (0/0)" + " " * 12 + "— (0/0)" in out


def test_the_command_prints_every_section(
    col: Collection, capsys: pytest.CaptureFixture[str]
) -> None:
    """`glosscards stats --json` (on the wall clock) has every section, for any date."""
    assert main(["--collection", str(col.path), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "due_today",
        "cards",
        "today",
        "forecast",
        "retention",
        "forecast_workload",
        "predicted_recall",
    }
    assert len(data["forecast"]["days"]) == 30


def test_period_all_reaches_the_first_answer_as_the_window_does(
    col: Collection, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stats --period all` covers every week since the first answer (1 March 2024), not the
    last 53, and gives the window's figures: one computation serves both."""
    retention = stats_json(col, capsys, period=Period.ALL)["retention"]
    weeks = retention["weeks"]
    assert retention["period"] == "all"
    assert weeks[0]["week_start"] <= "2024-03-01" < weeks[1]["week_start"]
    assert len(weeks) == 57
    window = col.statistics(NOW, period=Period.ALL)
    assert [w.start.isoformat() for w in window.retention] == [w["week_start"] for w in weeks]
    assert sum(w["young"]["total"] + w["mature"]["total"] for w in weeks) == sum(
        w.young_total + w.mature_total for w in window.retention
    )
