"""Figures of the cards now and ahead: the forecast, intervals, ease and the hardest terms."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from glosscards.stats.periods import FORECAST_DAYS, DayGrid
from glosscards.stats.tallies import DueTally

__all__ = [
    "Bin",
    "Distribution",
    "Forecast",
    "ForecastDay",
    "HardTerm",
    "ease_distribution",
    "forecast",
    "hardest_terms",
    "interval_distribution",
]


# -- the future ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ForecastDay:
    day: date
    young: int = 0
    mature: int = 0

    @property
    def total(self) -> int:
        return self.young + self.mature


@dataclass(frozen=True, slots=True)
class Forecast:
    """Cards due on each of the next days (today first, overdue cards included in today)."""

    days: tuple[ForecastDay, ...]
    overdue: int

    @property
    def total(self) -> int:
        return sum(d.total for d in self.days)

    @property
    def average(self) -> float:
        """The average daily load over the forecast's days."""
        return self.total / len(self.days) if self.days else 0.0


def forecast(dues: Iterable[DueTally], grid: DayGrid, days: int = FORECAST_DAYS) -> Forecast:
    """Cards due per day for ``days`` days from today; the grid must reach that far."""
    if not 1 <= days <= len(grid.dates) - grid.today:
        raise ValueError(f"the grid holds {len(grid.dates) - grid.today} days from today")
    young = [0] * days
    mature = [0] * days
    overdue = 0
    today_start, hi = grid.starts[grid.today], grid.starts[grid.today + days]
    starts = grid.starts
    for d in dues:
        if d.due >= hi:
            continue
        if d.due < today_start:
            overdue += d.count
            i = 0
        else:
            i = bisect.bisect_right(starts, d.due) - 1 - grid.today
        if d.mature:
            mature[i] += d.count
        else:
            young[i] += d.count
    out = tuple(ForecastDay(grid.dates[grid.today + i], young[i], mature[i]) for i in range(days))
    return Forecast(days=out, overdue=overdue)


# -- the cards now -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bin:
    """Values in ``[low, high)`` (``high`` None: no upper end) and how many cards have them."""

    label: str
    low: float
    high: float | None
    count: int


@dataclass(frozen=True, slots=True)
class Distribution:
    bins: tuple[Bin, ...]
    total: int
    mean: float | None


# Interval bins in days: [low, high). The young/mature line (21 days) is a bin edge.
_INTERVAL_EDGES = (1, 2, 4, 7, 14, 21, 31, 61, 91, 181, 366)
_INTERVAL_LABELS = (
    "1d",
    "2–3d",
    "4–6d",
    "1–2w",
    "2–3w",
    "3w–1m",
    "1–2m",
    "2–3m",
    "3–6m",
    "6m–1y",
    "> 1y",
)

# Ease bins in hundredths: 1.30–1.39, …, 2.90–2.99, then 3.00 and above.
_EASE_EDGES = tuple(range(130, 301, 10))


def _distribution(
    counts: Iterable[tuple[float, int]],
    edges: Sequence[float],
    labels: Sequence[str],
    scale: float,
) -> Distribution:
    bins = [0] * len(edges)
    total = 0
    weighted = 0.0
    for value, count in counts:
        i = max(0, bisect.bisect_right(edges, value) - 1)
        bins[i] += count
        total += count
        weighted += value * count
    highs: list[float | None] = [e / scale for e in edges[1:]]
    highs.append(None)
    out = tuple(Bin(labels[i], edges[i] / scale, highs[i], bins[i]) for i in range(len(edges)))
    return Distribution(out, total, weighted / total / scale if total else None)


def interval_distribution(counts: Iterable[tuple[int, int]]) -> Distribution:
    """Cards by current interval, from (interval in days, cards) pairs; mean in days."""
    return _distribution(counts, _INTERVAL_EDGES, _INTERVAL_LABELS, 1)


def ease_distribution(counts: Iterable[tuple[int, int]]) -> Distribution:
    """Cards by E-Factor, from (ease in hundredths, cards) pairs; mean as an E-Factor."""
    labels = [f"{e / 100:.1f}" for e in _EASE_EDGES[:-1]] + [f"≥ {_EASE_EDGES[-1] / 100:.1f}"]
    return _distribution(counts, _EASE_EDGES, labels, 100)


# -- the hardest terms ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HardTerm:
    term: str
    lapses: int


def hardest_terms(term_lapses: Iterable[tuple[str, int]], limit: int = 10) -> tuple[HardTerm, ...]:
    """The ``limit`` terms with the most lapses (over their cards), most first, then by name.

    Terms that never lapsed are not hard and are left out.
    """
    ranked = sorted((t for t in term_lapses if t[1] > 0), key=lambda t: (-t[1], t[0]))
    return tuple(HardTerm(term, lapses) for term, lapses in ranked[:limit])
