"""Figures of the past answers: today, answers per day, the calendar and retention per week."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from glosscards.stats.periods import CALENDAR_DAYS, AnswerKind, Button, DayGrid, past_days
from glosscards.stats.tallies import AnswerTally

__all__ = [
    "CalendarDay",
    "RetentionWeek",
    "ReviewDay",
    "TodayStats",
    "calendar_cell",
    "calendar_days",
    "heat_level",
    "overall_retention",
    "retention_per_week",
    "reviews_per_day",
    "today_stats",
]


# -- today ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TodayStats:
    """What was done in today's scheduling day."""

    studied: int
    duration_ms: int
    again: int
    new_learned: int

    @property
    def minutes(self) -> float:
        return self.duration_ms / 60_000

    @property
    def again_rate(self) -> float | None:
        """Share of today's answers that were Again; None before the first answer."""
        return self.again / self.studied if self.studied else None


def today_stats(tallies: Iterable[AnswerTally], grid: DayGrid) -> TodayStats:
    studied = duration = again = new = 0
    lo, hi = grid.starts[grid.today], grid.starts[grid.today + 1]
    for t in tallies:
        if not lo <= t.at < hi:
            continue
        studied += t.count
        duration += t.duration_ms
        if t.button is Button.AGAIN:
            again += t.count
        if t.kind is AnswerKind.NEW:
            new += t.count
    return TodayStats(studied=studied, duration_ms=duration, again=again, new_learned=new)


# -- the past, day by day and week by week -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewDay:
    """Answers of one day by button, and the time they took."""

    day: date
    again: int = 0
    hard: int = 0
    good: int = 0
    easy: int = 0
    duration_ms: int = 0

    @property
    def total(self) -> int:
        return self.again + self.hard + self.good + self.easy

    @property
    def minutes(self) -> float:
        return self.duration_ms / 60_000

    def by_button(self) -> tuple[int, int, int, int]:
        return (self.again, self.hard, self.good, self.easy)


def reviews_per_day(
    tallies: Iterable[AnswerTally], grid: DayGrid, days: int | None = None
) -> tuple[ReviewDay, ...]:
    """Answers per day over the last ``days`` days up to today (all the grid's past if None)."""
    first = past_days(grid, days)
    n = grid.today + 1 - first
    counts = [[0, 0, 0, 0] for _ in range(n)]
    duration = [0] * n
    lo, hi = grid.starts[first], grid.starts[grid.today + 1]
    starts = grid.starts
    for t in tallies:
        if not lo <= t.at < hi:
            continue
        i = bisect.bisect_right(starts, t.at) - 1 - first
        counts[i][t.button - 1] += t.count
        duration[i] += t.duration_ms
    return tuple(
        ReviewDay(grid.dates[first + i], c[0], c[1], c[2], c[3], duration[i])
        for i, c in enumerate(counts)
    )


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: date
    count: int


def calendar_days(
    counts: Iterable[tuple[int, int]], grid: DayGrid, days: int = CALENDAR_DAYS
) -> tuple[CalendarDay, ...]:
    """Answers on each of the last ``days`` days, today included, oldest first, from
    (epoch seconds, answers) pairs."""
    first = past_days(grid, days)
    totals = [0] * days
    lo, hi = grid.starts[first], grid.starts[grid.today + 1]
    starts = grid.starts
    for at, count in counts:
        if lo <= at < hi:
            totals[bisect.bisect_right(starts, at) - 1 - first] += count
    return tuple(CalendarDay(grid.dates[first + i], totals[i]) for i in range(days))


def calendar_cell(day: date, first: date) -> tuple[int, int]:
    """(column, row) of ``day`` in a heatmap whose first column is the week holding ``first``:
    one column per Monday-to-Sunday week, one row per weekday (Monday = 0)."""
    monday = first - timedelta(days=first.weekday())
    return (day - monday).days // 7, day.weekday()


def heat_level(count: int, most: int, levels: int = 4) -> int:
    """The shade (0 = nothing, 1..levels) of a calendar day with ``count`` answers, when the
    busiest day had ``most``: each level covers an equal share of ``1..most``."""
    if count <= 0 or most <= 0:
        return 0
    return min(levels, math.ceil(levels * count / most))


# -- retention -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetentionWeek:
    """Review answers in one week (7 scheduling days from ``start``) that passed, of all."""

    start: date
    young_passed: int = 0
    young_total: int = 0
    mature_passed: int = 0
    mature_total: int = 0

    @property
    def young_rate(self) -> float | None:
        return self.young_passed / self.young_total if self.young_total else None

    @property
    def mature_rate(self) -> float | None:
        return self.mature_passed / self.mature_total if self.mature_total else None

    @property
    def rate(self) -> float | None:
        total = self.young_total + self.mature_total
        return (self.young_passed + self.mature_passed) / total if total else None


def retention_per_week(
    tallies: Iterable[AnswerTally], grid: DayGrid, weeks: int
) -> tuple[RetentionWeek, ...]:
    """Retention of review answers in each of the last ``weeks`` weeks, oldest first.

    Weeks are counted back from today, so the last one is the six days before today and today;
    every week is whole and comparable, whichever weekday it is.
    """
    first = past_days(grid, 7 * weeks)
    cells = [[0, 0, 0, 0] for _ in range(weeks)]  # young passed, young total, mature ...
    lo, hi = grid.starts[first], grid.starts[grid.today + 1]
    starts = grid.starts
    for t in tallies:
        if t.kind is not AnswerKind.REVIEW or not lo <= t.at < hi:
            continue
        week = (bisect.bisect_right(starts, t.at) - 1 - first) // 7
        column = 2 if t.mature else 0
        if t.button is not Button.AGAIN:
            cells[week][column] += t.count
        cells[week][column + 1] += t.count
    return tuple(RetentionWeek(grid.dates[first + 7 * w], *cells[w]) for w in range(weeks))


def overall_retention(weeks: Sequence[RetentionWeek]) -> RetentionWeek:
    """The weeks' answers together (``start`` is the first week's, ``date.min`` if none)."""
    totals = [0, 0, 0, 0]
    for w in weeks:
        totals[0] += w.young_passed
        totals[1] += w.young_total
        totals[2] += w.mature_passed
        totals[3] += w.mature_total
    return RetentionWeek(weeks[0].start if weeks else date.min, *totals)
