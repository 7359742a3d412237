"""Study statistics as pure functions of the review log, the card states and the calendar.

Nothing here reads the database or the clock: :mod:`glosscards.stats_queries` loads plain rows
(:class:`AnswerTally`, :class:`DueTally`, value counts) and the caller passes the scheduling
days as a :class:`DayGrid` built by :func:`day_grid` from ``now``, the time zone and the rollover
hour. The CLI (``glosscards stats``) and the statistics window show what these functions return.

Definitions, following Anki's statistics where glosscards has the same notion:

* A **day** is a scheduling day (see :mod:`glosscards.scheduler.day`): with a 04:00 rollover, an
  answer at 02:00 belongs to the day before. Day boundaries are computed on the local clock, so
  a day across a DST change is 23 or 25 hours long.
* An answer's **button** is the grade pressed (Again, Hard, Good, Easy). In six-grade mode, where
  the log holds only SM-2's quality, q < 3 counts as Again and q = 3, 4, 5 as Hard, Good, Easy —
  the qualities the four buttons stand for.
* **Studied** counts answers, as Anki's "Studied N cards today" does; re-drill answers included.
  The **again rate** is the share of today's answers that were Again.
* **New cards learned** counts first answers of new cards.
* **Retention** is the share of *review* answers that were not Again: scheduled answers of cards
  in the review phase. Re-drill answers (a same-day repeat of a card already failed or passed
  with difficulty) and answers of new or learning cards are left out, like Anki's "true
  retention", which counts only review-type answers: they measure short-term memory, not
  whether the schedule's intervals work. A review is **young** when the interval it was
  scheduled with (``interval_before``) is under :data:`MATURE_DAYS`, else **mature**.
* The **forecast** counts active (not suspended, not retired) cards already studied, by the day
  they fall due; cards overdue today count on today. Young and mature by the current interval.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import IntEnum, StrEnum

from glosscards.scheduler.day import day_start, next_day_start

__all__ = [
    "BUCKET_SECONDS",
    "CALENDAR_DAYS",
    "FORECAST_DAYS",
    "MATURE_DAYS",
    "AnswerKind",
    "AnswerTally",
    "Bin",
    "Button",
    "CalendarDay",
    "DayGrid",
    "Distribution",
    "DueTally",
    "Forecast",
    "ForecastDay",
    "HardTerm",
    "Period",
    "RetentionWeek",
    "ReviewDay",
    "TodayStats",
    "answer_kind",
    "bucket_seconds",
    "button_for",
    "calendar_cell",
    "calendar_days",
    "day_grid",
    "ease_distribution",
    "forecast",
    "hardest_terms",
    "heat_level",
    "interval_distribution",
    "overall_retention",
    "retention_per_week",
    "reviews_per_day",
    "today_stats",
]

MATURE_DAYS = 21
"""A card (or a review) with an interval of this many days or more is mature."""

FORECAST_DAYS = 30
CALENDAR_DAYS = 365

BUCKET_SECONDS = 900
"""Answers are counted in SQL per 15-minute bucket (see :func:`bucket_seconds`)."""


class Period(StrEnum):
    """How far back the statistics look."""

    MONTH = "1m"
    QUARTER = "3m"
    YEAR = "1y"
    ALL = "all"

    @property
    def days(self) -> int | None:
        """Scheduling days covered, today included; None for the whole history."""
        return _PERIOD_DAYS[self]

    @property
    def label(self) -> str:
        return _PERIOD_LABELS[self]


_PERIOD_DAYS: dict[Period, int | None] = {
    Period.MONTH: 30,
    Period.QUARTER: 91,
    Period.YEAR: 365,
    Period.ALL: None,
}
_PERIOD_LABELS = {
    Period.MONTH: "1 month",
    Period.QUARTER: "3 months",
    Period.YEAR: "1 year",
    Period.ALL: "all",
}


class Button(IntEnum):
    """The four answers, numbered as the buttons are."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class AnswerKind(StrEnum):
    """What an answer was: a new card's first, a learning or review card's, or a re-drill."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    REDRILL = "redrill"


def button_for(grade: int | None, quality: int) -> Button:
    """The button an answer stands for: the grade, or in six-grade mode the quality's button."""
    if grade is not None:
        return Button(grade)
    return Button.AGAIN if quality < 3 else Button(quality - 1)


def answer_kind(phase_before: str, redrill: bool) -> AnswerKind:
    return AnswerKind.REDRILL if redrill else AnswerKind(phase_before)


# -- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerTally:
    """``count`` answers at about ``at`` (epoch seconds) sharing button, kind and maturity.

    One review-log row is a tally of one (see :meth:`of_answer`); the query layer sums rows per
    15-minute bucket. ``mature`` is ``interval_before >= MATURE_DAYS`` for review answers, and
    False for the others (only retention tells young from mature).
    """

    at: int
    button: Button
    kind: AnswerKind
    mature: bool
    count: int = 1
    duration_ms: int = 0

    @classmethod
    def of_answer(
        cls,
        *,
        at: int,
        grade: int | None,
        quality: int,
        phase_before: str,
        redrill: bool,
        interval_before: int,
        duration_ms: int = 0,
    ) -> AnswerTally:
        """The tally of one review-log row (``at`` in epoch seconds)."""
        kind = answer_kind(phase_before, redrill)
        mature = kind is AnswerKind.REVIEW and interval_before >= MATURE_DAYS
        return cls(at, button_for(grade, quality), kind, mature, 1, duration_ms)


@dataclass(frozen=True, slots=True)
class DueTally:
    """``count`` cards due at about ``due`` (epoch seconds); mature by the current interval."""

    due: int
    mature: bool
    count: int = 1


@dataclass(frozen=True, slots=True)
class DayGrid:
    """Consecutive scheduling days: day ``i`` is ``[starts[i], starts[i + 1])`` (epoch seconds).

    ``dates[i]`` is the local date naming day ``i`` and ``today`` the index of the day containing
    ``now``. Days before ``today`` are the past the figures look at, days after it the forecast.
    """

    starts: tuple[int, ...]
    dates: tuple[date, ...]
    today: int

    def __post_init__(self) -> None:
        if len(self.starts) != len(self.dates) + 1 or not 0 <= self.today < len(self.dates):
            raise ValueError("a day grid needs one start per day plus the end, and today in it")

    def index(self, moment: int) -> int | None:
        """The day containing ``moment`` (epoch seconds), or None outside the grid."""
        if moment < self.starts[0] or moment >= self.starts[-1]:
            return None
        return bisect.bisect_right(self.starts, moment) - 1

    @property
    def start(self) -> int:
        return self.starts[0]

    @property
    def end(self) -> int:
        return self.starts[-1]


def day_grid(
    now: datetime, *, tz: tzinfo, rollover_hour: int, days_back: int, days_ahead: int = 0
) -> DayGrid:
    """The scheduling day containing ``now`` with ``days_back`` days before and ``days_ahead``
    after it."""
    if days_back < 0 or days_ahead < 0:
        raise ValueError("days_back and days_ahead cannot be negative")
    today = day_start(now, tz=tz, rollover_hour=rollover_hour)
    starts = [int(today.timestamp())]
    for _ in range(days_back):
        before = datetime.fromtimestamp(starts[-1] - 1, UTC)
        starts.append(int(day_start(before, tz=tz, rollover_hour=rollover_hour).timestamp()))
    starts.reverse()
    moment = today
    for _ in range(days_ahead + 1):
        moment = next_day_start(moment, tz=tz, rollover_hour=rollover_hour)
        starts.append(int(moment.timestamp()))
    dates = tuple(datetime.fromtimestamp(s, tz).date() for s in starts[:-1])
    return DayGrid(starts=tuple(starts), dates=dates, today=days_back)


def bucket_seconds(grid: DayGrid, preferred: int = BUCKET_SECONDS) -> int:
    """The largest divisor of ``preferred`` that divides every day boundary of ``grid``.

    Counting answers per bucket of this many seconds loses nothing: no bucket straddles a day
    boundary, so each bucket falls into exactly one day. Every zone in use today has an offset
    that is a multiple of 15 minutes, so this is 900 in practice; an odd historical offset makes
    it smaller (down to one second, i.e. one bucket per distinct answer time).
    """
    return math.gcd(preferred, *grid.starts)


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


def _past_days(grid: DayGrid, days: int | None) -> int:
    """Index of the first of the last ``days`` days (today included); all of the grid if None."""
    if days is None:
        return 0
    if not 1 <= days <= grid.today + 1:
        raise ValueError(f"the grid holds {grid.today + 1} days up to today, not {days}")
    return grid.today + 1 - days


def reviews_per_day(
    tallies: Iterable[AnswerTally], grid: DayGrid, days: int | None = None
) -> tuple[ReviewDay, ...]:
    """Answers per day over the last ``days`` days up to today (all the grid's past if None)."""
    first = _past_days(grid, days)
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
    first = _past_days(grid, days)
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
    first = _past_days(grid, 7 * weeks)
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


def heat_level(count: int, most: int, levels: int = 4) -> int:
    """The shade (0 = nothing, 1..levels) of a calendar day with ``count`` answers, when the
    busiest day had ``most``: each level covers an equal share of ``1..most``."""
    if count <= 0 or most <= 0:
        return 0
    return min(levels, math.ceil(levels * count / most))


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
