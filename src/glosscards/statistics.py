"""Every figure of the statistics, computed once for the window and for ``glosscards stats``.

The figures themselves are pure functions (:mod:`glosscards.stats`); this module picks the days
a period covers, asks the collection's statistics queries for the sums it needs
(:class:`StatsSource`, implemented by :class:`glosscards.storage.stats_store.StatsStore`) and
hands them over. ``Period.ALL`` reaches back to the first answer ever given. Answers come summed
per scheduling day (:meth:`StatsSource.day_tallies`), for the period and, for the window, the
year the calendar shows, in one query.

:class:`StatisticsJob` is one computation made on the UI thread and run on a worker, on a
connection of its own, cancellable; :class:`CardCache` keeps the card queries' rows between the
window's period switches while the collection is unchanged.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Protocol

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

__all__ = [
    "CardCache",
    "Snapshots",
    "Statistics",
    "StatisticsJob",
    "StatsSource",
    "compute_statistics",
    "due_tallies_on",
]


class StatsSource(Protocol):
    """The sums the figures are made from (see :mod:`glosscards.storage.stats_store`)."""

    def day_tallies(
        self, *, starts: Sequence[int], deck: int | None = None
    ) -> list[AnswerTally]: ...

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
    first_day = grid.today + 1 - 7 * weeks
    if with_charts:  # the calendar may look further back than the period
        first_day = min(first_day, grid.today + 1 - CALENDAR_DAYS)
    tallies = source.day_tallies(starts=grid.starts[first_day : grid.today + 2], deck=deck)
    counts = [(t.at, t.count) for t in tallies] if with_charts else []
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


class Snapshots(Protocol):
    """Where a job reads: one consistent state of the collection, cancellable from any thread
    (:class:`glosscards.storage.stats_store.StatsReader`)."""

    @property
    def cancelled(self) -> bool: ...

    def snapshot(self) -> AbstractContextManager[StatsSource]: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True, slots=True)
class StatisticsJob:
    """One :func:`compute_statistics`, prepared where the collection is used (the UI thread)
    and :meth:`run` on another thread, on a connection of its own; :meth:`cancel` from any
    thread stops it (a query running is interrupted)."""

    reader: Snapshots
    now: datetime
    tz: tzinfo
    rollover_hour: int
    period: Period = Period.MONTH
    deck: int | None = None
    hardest_limit: int = 10
    fsrs: Mapping[int, DeckMemory] = field(default_factory=dict)
    cache: CardCache | None = None
    stamp: object = None
    """The collection's state when the job was made (see :class:`CardCache`)."""

    def run(self) -> Statistics | None:
        """Every figure, or None when the job was cancelled."""
        try:
            with self.reader.snapshot() as read:
                source = read if self.cache is None else self.cache.wrap(read, self.stamp)
                return compute_statistics(
                    source,
                    self.now,
                    tz=self.tz,
                    rollover_hour=self.rollover_hour,
                    period=self.period,
                    deck=self.deck,
                    hardest_limit=self.hardest_limit,
                    fsrs=self.fsrs,
                )
        except Exception:
            if self.reader.cancelled:
                return None
            raise

    def cancel(self) -> None:
        self.reader.cancel()


class CardCache:
    """The card queries' rows of one state of the collection, kept for the next job.

    Switching the period changes none of them (only the answers are summed again), so the
    statistics window keeps one cache and makes each job with the collection's change stamp
    (:meth:`glosscards.collection.Collection.statistics_job`): rows are reused only while the
    stamp is the one they were read under; figures that depend on the moment (the forecast's
    days, the predicted recall) are computed again from them. Shared by worker threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: object = None
        self._rows: dict[tuple[object, ...], Any] = {}

    def wrap(self, source: StatsSource, stamp: object) -> StatsSource:
        return _Cached(source, self, stamp)

    def _get(self, stamp: object, key: tuple[object, ...]) -> tuple[bool, Any]:
        with self._lock:
            if stamp is None or stamp != self._stamp or key not in self._rows:
                return False, None
            return True, self._rows[key]

    def _put(self, stamp: object, key: tuple[object, ...], value: Any) -> None:
        with self._lock:
            if stamp is None:
                return
            if stamp != self._stamp:
                self._stamp, self._rows = stamp, {}
            self._rows[key] = value


class _Cached:
    """A source whose card queries go through a :class:`CardCache` (copies: nothing shared)."""

    def __init__(self, source: StatsSource, cache: CardCache, stamp: object) -> None:
        self._source, self._cache, self._stamp = source, cache, stamp

    def _through(self, key: tuple[object, ...], read: Any) -> Any:
        hit, value = self._cache._get(self._stamp, key)
        if not hit:
            value = read()
            self._cache._put(self._stamp, key, value)
        return value

    def day_tallies(self, *, starts: Sequence[int], deck: int | None = None) -> list[AnswerTally]:
        return self._source.day_tallies(starts=starts, deck=deck)

    def due_days(self, *, last_day: int, deck: int | None = None) -> list[tuple[int, bool, int]]:
        read = lambda: self._source.due_days(last_day=last_day, deck=deck)  # noqa: E731
        return list(self._through(("due", last_day, deck), read))

    def interval_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]:
        read = lambda: self._source.interval_counts(deck=deck)  # noqa: E731
        return list(self._through(("intervals", deck), read))

    def ease_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]:
        read = lambda: self._source.ease_counts(deck=deck)  # noqa: E731
        return list(self._through(("ease", deck), read))

    def term_lapses(self, *, deck: int | None = None, limit: int = 10) -> list[tuple[str, int]]:
        read = lambda: self._source.term_lapses(deck=deck, limit=limit)  # noqa: E731
        return list(self._through(("lapses", deck, limit), read))

    def first_review_at(self) -> int | None:
        found: int | None = self._through(("first",), self._source.first_review_at)
        return found

    def card_state_counts(self, *, deck: int | None = None) -> dict[str, int]:
        read = lambda: self._source.card_state_counts(deck=deck)  # noqa: E731
        return dict(self._through(("cards", deck), read))

    def memory_states(self, *, decks: Sequence[int]) -> list[tuple[int, float, int]]:
        read = lambda: self._source.memory_states(decks=decks)  # noqa: E731
        return list(self._through(("memory", tuple(decks)), read))
