"""Study statistics as pure functions of the review log, the card states and the calendar.

Nothing here reads the database or the clock: :mod:`glosscards.stats_queries` loads plain rows
(:class:`AnswerTally`, :class:`DueTally`, value counts) and the caller passes the scheduling
days as a :class:`DayGrid` built by :func:`day_grid` from ``now``, the time zone and the rollover
hour. The CLI (``glosscards stats``) and the statistics window show what these functions return.

The package re-exports the figures and types of its modules: :mod:`~glosscards.stats.periods` (periods,
buttons, answer kinds, the day grid), :mod:`~glosscards.stats.tallies` (the rows the query layer
loads), :mod:`~glosscards.stats.answers` (today, answers per day, the calendar, retention) and
:mod:`~glosscards.stats.cards` (the forecast, intervals, ease, the hardest terms).

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
* The **predicted recall** (:mod:`~glosscards.stats.memory`) is FSRS's retrievability now,
  averaged over the studied active cards of the decks that use FSRS, with how many are below
  their deck's desired retention; SM-2 decks have none.
* The **forecast** counts active (not suspended, not retired) cards already studied, by the day
  they fall due; cards overdue today count on today. Young and mature by the current interval.
"""

from __future__ import annotations

from glosscards.stats.answers import (
    CalendarDay,
    RetentionWeek,
    ReviewDay,
    TodayStats,
    calendar_cell,
    calendar_days,
    heat_level,
    overall_retention,
    retention_per_week,
    reviews_per_day,
    today_stats,
)
from glosscards.stats.cards import (
    Bin,
    Distribution,
    Forecast,
    ForecastDay,
    HardTerm,
    ease_distribution,
    forecast,
    hardest_terms,
    interval_distribution,
)
from glosscards.stats.memory import DeckMemory, Recall, predicted_recall, retrievability
from glosscards.stats.periods import (
    BUCKET_SECONDS,
    CALENDAR_DAYS,
    FORECAST_DAYS,
    MATURE_DAYS,
    AnswerKind,
    Button,
    DayGrid,
    Period,
    answer_kind,
    bucket_seconds,
    button_for,
    day_grid,
)
from glosscards.stats.tallies import AnswerTally, DueTally

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
    "DeckMemory",
    "Distribution",
    "DueTally",
    "Forecast",
    "ForecastDay",
    "HardTerm",
    "Period",
    "Recall",
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
    "predicted_recall",
    "retention_per_week",
    "retrievability",
    "reviews_per_day",
    "today_stats",
]
