"""``glosscards stats``: today, the 30-day forecast, retention per week, the cards by state and
the workload forecast (reviews a day over 30 and 90 days at the decks' new-card limits).

Printed as a table, or with ``--json`` as one JSON object for scripts. The figures are the
statistics window's, computed by the same call (:meth:`Collection.statistics`); see
:mod:`glosscards.stats` for what each one counts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from glosscards.collection import Collection
from glosscards.forecast import Forecast
from glosscards.scheduler.day import date_of_day
from glosscards.statistics import Statistics
from glosscards.stats import Period

__all__ = ["WORKLOAD_HORIZONS", "print_stats", "stats_json", "workload_json"]

_DEFAULT_PERIOD = Period.QUARTER

WORKLOAD_HORIZONS = (30, 90)
"""The days the workload forecast looks ahead (the first 30 of the 90 are the 30-day one)."""


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


def workload_json(fc: Forecast, *, new_per_day: int) -> dict[str, Any]:
    """The workload forecast (the longest horizon's) as JSON: per horizon the reviews a day,
    on average and at the most, and each day's new cards, reviews and same-day repeats."""
    horizons = []
    for days in WORKLOAD_HORIZONS:
        shown = fc.days[:days]
        reviews = [d.reviews for d in shown]
        horizons.append(
            {
                "days": days,
                "total_reviews": sum(reviews),
                "average_reviews": round(sum(reviews) / max(1, len(shown)), 2),
                "most_reviews": max(reviews, default=0),
                "per_day": [
                    {
                        "date": date_of_day(d.number).isoformat(),
                        "new": d.new,
                        "reviews": d.reviews,
                        "redrills": d.redrills,
                    }
                    for d in shown
                ],
            }
        )
    return {"new_per_day": new_per_day, "horizons": horizons}


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _print_table(figures: Statistics, due: dict[str, int], workload: dict[str, Any]) -> None:
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
    recall = "FSRS only (SM-2 here)" if figures.recall is None else figures.recall.describe()
    print(f"predicted recall now: {recall}")
    print(f"workload forecast, adding {workload['new_per_day']} new cards a day:")
    for horizon in workload["horizons"]:
        print(
            f"  next {horizon['days']} days: {horizon['average_reviews']:.1f} reviews a day"
            f" on average, {horizon['most_reviews']} at the most"
        )


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
    plan = col.workload_plan(deck, days=max(WORKLOAD_HORIZONS), now=moment)
    workload = workload_json(plan.run(), new_per_day=plan.new_per_day)
    if as_json:
        data = {
            "due_today": due,
            "cards": figures.cards,
            **stats_json(figures),
            "forecast_workload": workload,
            "predicted_recall": None if figures.recall is None else figures.recall.to_json(),
        }
        print(json.dumps(data, indent=2))
        return
    print(f"collection: {col.path}")
    _print_table(figures, due, workload)
