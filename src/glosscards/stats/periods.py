"""The vocabulary of the statistics: periods, buttons, answer kinds and the grid of days.

A :class:`DayGrid` holds consecutive scheduling days as epoch-second boundaries; the figures of
:mod:`glosscards.stats.answers` and :mod:`glosscards.stats.cards` place every answer and due card
in its day by bisecting those boundaries.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from enum import IntEnum, StrEnum

from glosscards.scheduler.day import day_start, next_day_start

__all__ = [
    "BUCKET_SECONDS",
    "CALENDAR_DAYS",
    "FORECAST_DAYS",
    "MATURE_DAYS",
    "AnswerKind",
    "Button",
    "DayGrid",
    "Period",
    "answer_kind",
    "bucket_seconds",
    "button_for",
    "day_grid",
    "past_days",
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


# -- the days ------------------------------------------------------------------------------------


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


def past_days(grid: DayGrid, days: int | None) -> int:
    """Index of the first of the last ``days`` days (today included); all of the grid if None."""
    if days is None:
        return 0
    if not 1 <= days <= grid.today + 1:
        raise ValueError(f"the grid holds {grid.today + 1} days up to today, not {days}")
    return grid.today + 1 - days


def bucket_seconds(grid: DayGrid, preferred: int = BUCKET_SECONDS) -> int:
    """The largest divisor of ``preferred`` that divides every day boundary of ``grid``.

    Counting answers per bucket of this many seconds loses nothing: no bucket straddles a day
    boundary, so each bucket falls into exactly one day. Every zone in use today has an offset
    that is a multiple of 15 minutes, so this is 900 in practice; an odd historical offset makes
    it smaller (down to one second, i.e. one bucket per distinct answer time).
    """
    return math.gcd(preferred, *grid.starts)
