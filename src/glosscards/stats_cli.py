"""``glosscards stats``: today, the 30-day forecast, retention per week and the cards by state.

Printed as a table, or with ``--json`` as one JSON object for scripts. The figures are those of
the statistics window (:mod:`glosscards.stats`); see there for what each one counts.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from glosscards.collection import Collection
from glosscards.stats import (
    FORECAST_DAYS,
    Forecast,
    Period,
    RetentionWeek,
    TodayStats,
    bucket_seconds,
    forecast,
    retention_per_week,
    today_stats,
)
from glosscards.stats_queries import answer_tallies, due_tallies, grid_for

__all__ = ["CliStats", "card_state_counts", "cli_stats", "print_stats", "stats_json"]

_DEFAULT_PERIOD = Period.QUARTER


def card_state_counts(col: Collection, *, deck: int | None = None) -> dict[str, int]:
    """Cards by state: new, learning, review (young/mature), suspended, retired; notes, terms."""
    card_filter = note_filter = term_filter = ""
    if deck is not None:
        card_filter = (
            " WHERE note_id IN (SELECT n.id FROM note n JOIN term t ON t.id = n.term_id"
            " WHERE t.source_id = :deck)"
        )
        note_filter = " AND t.source_id = :deck"
        term_filter = " AND source_id = :deck"
    row = col.db.execute(
        "SELECT"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'new'), 0),"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'learning'), 0),"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'review' AND interval_days < 21), 0),"
        " coalesce(sum(retired = 0 AND suspended = 0 AND phase = 'review' AND interval_days >= 21), 0),"
        " coalesce(sum(retired = 0 AND suspended = 1), 0),"
        " coalesce(sum(retired = 1), 0),"
        " count(*)"
        f" FROM card{card_filter}",
        {"deck": deck},
    ).fetchone()
    notes, terms = col.db.execute(
        "SELECT (SELECT count(*) FROM note n JOIN term t ON t.id = n.term_id"
        f" WHERE t.retired = 0{note_filter}),"
        f" (SELECT count(*) FROM term WHERE retired = 0{term_filter})",
        {"deck": deck},
    ).fetchone()
    return {
        "new": row[0],
        "learning": row[1],
        "young": row[2],
        "mature": row[3],
        "suspended": row[4],
        "retired": row[5],
        "cards": row[6],
        "notes": notes,
        "terms": terms,
    }


@dataclass(frozen=True, slots=True)
class CliStats:
    """The figures ``glosscards stats`` prints."""

    period: Period
    today: TodayStats
    forecast: Forecast
    retention: tuple[RetentionWeek, ...]


def cli_stats(
    col: Collection, now: datetime, *, period: Period = _DEFAULT_PERIOD, deck: int | None = None
) -> CliStats:
    """Today, the forecast and retention per week over ``period`` (ALL: the last year)."""
    weeks = math.ceil((period.days or 365) / 7)
    grid = grid_for(col, now, days_back=7 * weeks - 1, days_ahead=FORECAST_DAYS)
    bucket = bucket_seconds(grid)
    tallies = answer_tallies(
        col.db, start=grid.start, end=grid.starts[grid.today + 1], bucket=bucket, deck=deck
    )
    dues = due_tallies(col.db, end=grid.end, bucket=bucket, deck=deck)
    return CliStats(
        period=period,
        today=today_stats(tallies, grid),
        forecast=forecast(dues, grid, FORECAST_DAYS),
        retention=retention_per_week(tallies, grid, weeks),
    )


def _rate(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 4)


def stats_json(figures: CliStats) -> dict[str, Any]:
    """The figures as JSON-ready values: dates as ISO strings, rates as fractions (or null)."""
    today, fc = figures.today, figures.forecast
    return {
        "today": {
            "studied": today.studied,
            "minutes": round(today.minutes, 2),
            "again": today.again,
            "again_rate": _rate(today.again_rate),
            "new_learned": today.new_learned,
        },
        "forecast": {
            "days": [
                {"date": d.day.isoformat(), "young": d.young, "mature": d.mature, "total": d.total}
                for d in fc.days
            ],
            "overdue": fc.overdue,
            "total": fc.total,
            "average": round(fc.average, 2),
        },
        "retention": {
            "period": str(figures.period),
            "weeks": [
                {
                    "week_start": w.start.isoformat(),
                    "young": {
                        "passed": w.young_passed,
                        "total": w.young_total,
                        "rate": _rate(w.young_rate),
                    },
                    "mature": {
                        "passed": w.mature_passed,
                        "total": w.mature_total,
                        "rate": _rate(w.mature_rate),
                    },
                }
                for w in figures.retention
            ],
        },
    }


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _print_table(figures: CliStats, due: dict[str, int], states: dict[str, int]) -> None:
    today, fc = figures.today, figures.forecast
    print(f"due today:  new {due['new']}  learning {due['learning']}  review {due['review']}")
    print(
        f"today:      studied {today.studied} in {today.minutes:.1f} min"
        f"  again {today.again} ({_percent(today.again_rate)})"
        f"  new cards learned {today.new_learned}"
    )
    print(
        f"forecast (next {len(fc.days)} days): {fc.total} due, {fc.average:.1f} a day on average"
        f" ({fc.overdue} overdue counted today)"
    )
    print(f"  {'date':<10} {'young':>6} {'mature':>6} {'total':>6}")
    for d in fc.days:
        print(f"  {d.day.isoformat():<10} {d.young:>6} {d.mature:>6} {d.total:>6}")
    print(f"retention per week ({figures.period.label}; review answers that were not Again):")
    print(f"  {'week of':<10} {'young':>18} {'mature':>18}")
    for w in figures.retention:
        young = f"{_percent(w.young_rate)} ({w.young_passed}/{w.young_total})"
        mature = f"{_percent(w.mature_rate)} ({w.mature_passed}/{w.mature_total})"
        print(f"  {w.start.isoformat():<10} {young:>18} {mature:>18}")
    print("cards:")
    for name, value in states.items():
        print(f"  {name:<10} {value:>7}")


def print_stats(
    col: Collection,
    *,
    as_json: bool,
    now: datetime | None = None,
    period: Period = _DEFAULT_PERIOD,
    deck: int | None = None,
) -> None:
    """Print the figures of ``deck`` (None: all) as a table, or as JSON with ``as_json``."""
    moment = now if now is not None else datetime.now(UTC)
    counts = col.counts(moment, deck=deck)
    due = {"new": counts.new, "learning": counts.learning, "review": counts.review}
    states = card_state_counts(col, deck=deck)
    figures = cli_stats(col, moment, period=period, deck=deck)
    if as_json:
        data = {"due_today": due, "cards": states, **stats_json(figures)}
        print(json.dumps(data, indent=2))
        return
    print(f"collection: {col.path}")
    _print_table(figures, due, states)
