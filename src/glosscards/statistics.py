"""Every figure of the statistics, computed once for the window and for ``glosscards stats``.

The figures themselves are pure functions (:mod:`glosscards.stats`); this module picks the days
a period covers, asks the collection's statistics queries for the sums it needs
(:class:`StatsSource`, implemented by :class:`glosscards.storage.stats_store.StatsStore`) and
hands them over. ``Period.ALL`` reaches back to the first answer ever given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol

from glosscards.scheduler.day import day_number_of
from glosscards.stats import (
    CALENDAR_DAYS,
    FORECAST_DAYS,
    AnswerTally,
    CalendarDay,
    DayGrid,
    DeckMemory,
    Distribution,
    DueTally,
    Forecast,
    HardTerm,
    Period,
    Recall,
    RetentionWeek,
    ReviewDay,
    TodayStats,
    bucket_seconds,
    calendar_days,
    day_grid,
    ease_distribution,
    forecast,
    hardest_terms,
    interval_distribution,
    predicted_recall,
    retention_per_week,
    reviews_per_day,
    today_stats,
)

__all__ = ["Statistics", "StatsSource", "compute_statistics", "due_tallies_on"]


class StatsSource(Protocol):
    """The sums the figures are made from (see :mod:`glosscards.storage.stats_store`)."""

    def answer_tallies(
        self, *, start: int, end: int, bucket: int, deck: int | None = None
    ) -> list[AnswerTally]: ...

    def answer_counts(
        self, *, start: int, end: int, bucket: int, deck: int | None = None
    ) -> list[tuple[int, int]]: ...

    def due_days(
        self, *, last_day: int, deck: int | None = None
    ) -> list[tuple[int, bool, int]]: ...

    def interval_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]: ...

    def ease_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]: ...

    def term_lapses(self, *, deck: int | None = None, limit: int = 10) -> list[tuple[str, int]]: ...

    def first_review_at(self) -> int | None: ...

    def card_state_counts(self, *, deck: int | None = None) -> dict[str, int]: ...

    def memory_states(self, *, decks: Sequence[int]) -> list[tuple[int, float, int]]: ...


@dataclass(frozen=True, slots=True)
class Statistics:
    """Every figure, for one deck (or all) and one period."""

    period: Period
    deck: int | None
    today: TodayStats
    forecast: Forecast
    reviews: tuple[ReviewDay, ...]
    retention: tuple[RetentionWeek, ...]
    intervals: Distribution
    ease: Distribution
    calendar: tuple[CalendarDay, ...]
    hardest: tuple[HardTerm, ...]
    cards: dict[str, int]
    """Cards by state (see :meth:`StatsSource.card_state_counts`)."""
    recall: Recall | None = None
    """FSRS's predicted recall now (:mod:`glosscards.stats.memory`); None when no deck
    counted uses FSRS."""


def due_tallies_on(grid: DayGrid, due_days: list[tuple[int, bool, int]]) -> list[DueTally]:
    """Cards per due day placed on the grid: overdue ones just before today, later ones at the
    start of their day; days past the grid are left out."""
    today = day_number_of(grid.dates[grid.today])
    tallies: list[DueTally] = []
    for day, mature, count in due_days:
        index = grid.today + (day - today)
        if index < grid.today:
            tallies.append(DueTally(grid.starts[grid.today] - 1, mature, count))
        elif index < len(grid.dates):
            tallies.append(DueTally(grid.starts[index], mature, count))
    return tallies


def _days_since(grid: DayGrid, first: int | None) -> int:
    """Days from the one holding ``first`` (epoch seconds) to today, both included."""
    index = None if first is None else grid.index(first)
    if first is not None and first < grid.start:
        index = 0
    return 1 if index is None or index > grid.today else grid.today + 1 - index


def _days_back_bound(now: datetime, first: int | None) -> int:
    """At least the days from ``first`` to ``now``: a scheduling day lasts 23 hours or more."""
    return 1 if first is None else max(1, math.ceil((now.timestamp() - first) / 82_800) + 1)


def compute_statistics(
    source: StatsSource,
    now: datetime,
    *,
    tz: tzinfo,
    rollover_hour: int,
    period: Period = Period.MONTH,
    deck: int | None = None,
    hardest_limit: int = 10,
    charts: bool = True,
    fsrs: Mapping[int, DeckMemory] | None = None,
) -> Statistics:
    """Every figure for ``deck`` (None: the whole collection) over ``period``.

    With ``charts=False`` the figures only the window draws — the year's calendar, the
    interval and ease distributions, the hardest terms — are left empty: ``glosscards stats``
    prints none of them, and the calendar alone reads a year of answers. ``fsrs`` holds the
    decks counted that use FSRS (by id): their cards' predicted recall is one more query.
    """
    with_charts = charts
    first = source.first_review_at() if period.days is None else None
    span = period.days or _days_back_bound(now, first)
    back = max(span, 7 * math.ceil(span / 7), CALENDAR_DAYS) - 1
    grid = day_grid(
        now, tz=tz, rollover_hour=rollover_hour, days_back=back, days_ahead=FORECAST_DAYS
    )
    days = period.days or _days_since(grid, first)
    weeks = math.ceil(days / 7)
    bucket = bucket_seconds(grid)
    end = grid.starts[grid.today + 1]
    start = grid.starts[grid.today + 1 - 7 * weeks]
    tallies = source.answer_tallies(start=start, end=end, bucket=bucket, deck=deck)
    if not with_charts:
        counts: list[tuple[int, int]] = []
    elif 7 * weeks >= CALENDAR_DAYS:
        counts = [(t.at, t.count) for t in tallies]
    else:  # the calendar looks further back than the period: count only
        year_start = grid.starts[grid.today + 1 - CALENDAR_DAYS]
        counts = source.answer_counts(start=year_start, end=end, bucket=bucket, deck=deck)
    last_day = day_number_of(grid.dates[-1])
    dues = due_tallies_on(grid, source.due_days(last_day=last_day, deck=deck))
    return Statistics(
        period=period,
        deck=deck,
        today=today_stats(tallies, grid),
        forecast=forecast(dues, grid, FORECAST_DAYS),
        reviews=reviews_per_day(tallies, grid, days),
        retention=retention_per_week(tallies, grid, weeks),
        intervals=interval_distribution(source.interval_counts(deck=deck) if with_charts else []),
        ease=ease_distribution(source.ease_counts(deck=deck) if with_charts else []),
        calendar=calendar_days(counts, grid, CALENDAR_DAYS) if with_charts else (),
        hardest=hardest_terms(
            source.term_lapses(deck=deck, limit=hardest_limit) if with_charts else [],
            hardest_limit,
        ),
        cards=source.card_state_counts(deck=deck),
        recall=_recall(source, now, fsrs or {}),
    )


def _recall(source: StatsSource, now: datetime, fsrs: Mapping[int, DeckMemory]) -> Recall | None:
    if not fsrs:
        return None
    rows = source.memory_states(decks=sorted(fsrs))
    return predicted_recall(rows, now_s=int(now.timestamp()), decks=fsrs)
