"""``glosscards stats``: today, the 30-day forecast, retention per week and the cards by state.

Printed as a table, or with ``--json`` as one JSON object for scripts. The figures are the
statistics window's, computed by the same call (:meth:`Collection.statistics`); see
:mod:`glosscards.stats` for what each one counts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from glosscards.collection import Collection
from glosscards.statistics import Statistics
from glosscards.stats import Period

__all__ = ["print_stats", "stats_json"]

_DEFAULT_PERIOD = Period.QUARTER


def _rate(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 4)


def stats_json(figures: Statistics) -> dict[str, Any]:
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


def _print_table(figures: Statistics, due: dict[str, int]) -> None:
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
    for name, value in figures.cards.items():
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
    figures = col.statistics(moment, period=period, deck=deck, charts=False)
    if as_json:
        data = {"due_today": due, "cards": figures.cards, **stats_json(figures)}
        print(json.dumps(data, indent=2))
        return
    print(f"collection: {col.path}")
    _print_table(figures, due)
