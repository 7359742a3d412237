"""Loading the rows the statistics are computed from: read-only SQL on a collection's ``col.db``.

The review log can hold hundreds of thousands of rows, so answers are summed in SQL per
15-minute bucket (see :func:`glosscards.stats.bucket_seconds`) and the pure functions of
:mod:`glosscards.stats` place each bucket in its scheduling day by bisecting the day
boundaries. That keeps local days exact across DST changes without converting each row's
time in Python. Retired cards are left out everywhere, with their answers; suspended cards
are left out of the forecast only.

:func:`load_statistics` puts it together for the statistics window.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from glosscards.collection import Collection
from glosscards.stats import (
    CALENDAR_DAYS,
    FORECAST_DAYS,
    MATURE_DAYS,
    AnswerKind,
    AnswerTally,
    Button,
    CalendarDay,
    DayGrid,
    Distribution,
    DueTally,
    Forecast,
    HardTerm,
    Period,
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
    retention_per_week,
    reviews_per_day,
    today_stats,
)
from glosscards.storage.sql import in_deck

__all__ = [
    "Statistics",
    "answer_counts",
    "answer_tallies",
    "due_tallies",
    "ease_counts",
    "first_review_at",
    "grid_for",
    "interval_counts",
    "load_statistics",
    "term_lapses",
]

_DECK_CARDS = in_deck("c.note_id")


def _deck(deck: int | None) -> str:
    return "" if deck is None else _DECK_CARDS


def _log_filter(db: sqlite3.Connection, deck: int | None) -> str:
    """The condition keeping answers of active cards (of ``deck``, if given).

    A join with ``card`` per answer costs more than the aggregation itself on a big log, so
    answers are filtered by a set of card ids, and only when there is something to filter.
    """
    if deck is not None:
        # The unary + keeps SQLite from driving the query by card_id (every answer of the deck's
        # cards, whatever their time) instead of by the reviewed_at range.
        return f" AND +card_id IN (SELECT c.id FROM card c WHERE c.retired = 0{_DECK_CARDS})"
    if db.execute("SELECT 1 FROM card WHERE retired = 1 LIMIT 1").fetchone() is None:
        return ""
    return " AND card_id NOT IN (SELECT id FROM card WHERE retired = 1)"


# An answer's kind and, for reviews, maturity as one small integer, so that SQL groups on few
# columns (the GROUP BY is most of the query's cost): see _KINDS.
_KIND_CODE = (
    "CASE WHEN redrill THEN 4 WHEN phase_before = 'review' THEN 2 + (interval_before >= :mature)"
    " WHEN phase_before = 'new' THEN 0 ELSE 1 END"
)
_KINDS = {
    0: (AnswerKind.NEW, False),
    1: (AnswerKind.LEARNING, False),
    2: (AnswerKind.REVIEW, False),
    3: (AnswerKind.REVIEW, True),
    4: (AnswerKind.REDRILL, False),
}


def answer_tallies(
    db: sqlite3.Connection, *, start: int, end: int, bucket: int, deck: int | None = None
) -> list[AnswerTally]:
    """Answers in ``[start, end)`` (epoch seconds), summed per ``bucket`` seconds.

    Each tally's ``at`` is the start of its bucket; ``mature`` is set for review answers only.
    """
    rows = db.execute(
        "SELECT reviewed_at / :bucket_ms,"
        " coalesce(grade, CASE WHEN quality < 3 THEN 1 ELSE quality - 1 END),"
        f" {_KIND_CODE}, count(*), sum(duration_ms) FROM review_log"
        " WHERE reviewed_at >= :lo AND reviewed_at < :hi"
        f"{_log_filter(db, deck)} GROUP BY 1, 2, 3",
        {
            "bucket_ms": bucket * 1000,
            "mature": MATURE_DAYS,
            "lo": start * 1000,
            "hi": end * 1000,
            "deck": deck,
        },
    ).fetchall()
    buttons = {b.value: b for b in Button}
    return [
        AnswerTally(at * bucket, buttons[b], *_KINDS[k], n, int(ms)) for at, b, k, n, ms in rows
    ]


def answer_counts(
    db: sqlite3.Connection, *, start: int, end: int, bucket: int, deck: int | None = None
) -> list[tuple[int, int]]:
    """(bucket start, answers) for answers in ``[start, end)``: the calendar's cheaper input."""
    rows = db.execute(
        "SELECT reviewed_at / :bucket_ms, count(*) FROM review_log"
        f" WHERE reviewed_at >= :lo AND reviewed_at < :hi{_log_filter(db, deck)} GROUP BY 1",
        {"bucket_ms": bucket * 1000, "lo": start * 1000, "hi": end * 1000, "deck": deck},
    ).fetchall()
    return [(at * bucket, n) for at, n in rows]


def due_tallies(
    db: sqlite3.Connection, *, end: int, bucket: int, deck: int | None = None
) -> list[DueTally]:
    """Active studied cards due before ``end`` (overdue included), per ``bucket`` seconds."""
    rows = db.execute(
        "SELECT c.due / :bucket, c.interval_days >= :mature, count(*) FROM card c"
        " WHERE c.phase != 'new' AND c.suspended = 0 AND c.retired = 0 AND c.due < :hi"
        f"{_deck(deck)} GROUP BY 1, 2",
        {"bucket": bucket, "mature": MATURE_DAYS, "hi": end, "deck": deck},
    ).fetchall()
    return [DueTally(at * bucket, bool(m), n) for at, m, n in rows]


def interval_counts(db: sqlite3.Connection, *, deck: int | None = None) -> list[tuple[int, int]]:
    """(interval in days, cards) for studied cards that are not retired."""
    return db.execute(
        "SELECT c.interval_days, count(*) FROM card c WHERE c.phase != 'new' AND c.retired = 0"
        f"{_deck(deck)} GROUP BY 1",
        {"deck": deck},
    ).fetchall()


def ease_counts(db: sqlite3.Connection, *, deck: int | None = None) -> list[tuple[int, int]]:
    """(E-Factor in hundredths, cards) for studied cards that are not retired."""
    return db.execute(
        "SELECT CAST(round(c.ease * 100) AS INTEGER), count(*) FROM card c"
        f" WHERE c.phase != 'new' AND c.retired = 0{_deck(deck)} GROUP BY 1",
        {"deck": deck},
    ).fetchall()


def term_lapses(
    db: sqlite3.Connection, *, deck: int | None = None, limit: int = 10
) -> list[tuple[str, int]]:
    """(term name, lapses over its cards) for the ``limit`` terms that lapsed most.

    Ordered as :func:`glosscards.stats.hardest_terms` ranks them (SQLite compares text by its
    UTF-8 bytes, which is Python's code-point order), so the limit cuts the same list.
    """
    deck_filter = "" if deck is None else " AND t.source_id = :deck"
    return db.execute(
        "SELECT t.name, sum(c.lapses) AS lapses FROM card c JOIN note n ON n.id = c.note_id"
        " JOIN term t ON t.id = n.term_id"
        f" WHERE c.retired = 0 AND c.lapses > 0{deck_filter}"
        " GROUP BY t.id ORDER BY lapses DESC, t.name LIMIT :limit",
        {"deck": deck, "limit": limit},
    ).fetchall()


def first_review_at(db: sqlite3.Connection) -> int | None:
    """Epoch seconds of the oldest answer in the log, or None for an empty log."""
    value = db.execute("SELECT min(reviewed_at) FROM review_log").fetchone()[0]
    return None if value is None else int(value) // 1000


def grid_for(col: Collection, now: datetime, *, days_back: int, days_ahead: int) -> DayGrid:
    """The collection's scheduling days around ``now``."""
    return day_grid(
        now,
        tz=col.tz,
        rollover_hour=col.settings.rollover_hour,
        days_back=days_back,
        days_ahead=days_ahead,
    )


def _days_since(grid: DayGrid, first: int | None) -> int:
    """Days from the one holding ``first`` (epoch seconds) to today, both included."""
    index = None if first is None else grid.index(first)
    if first is not None and first < grid.start:
        index = 0
    return 1 if index is None or index > grid.today else grid.today + 1 - index


def _days_back_bound(now: datetime, first: int | None) -> int:
    """At least the days from ``first`` to ``now``: a scheduling day lasts 23 hours or more."""
    return 1 if first is None else max(1, math.ceil((now.timestamp() - first) / 82_800) + 1)


@dataclass(frozen=True, slots=True)
class Statistics:
    """Every figure of the statistics window, for one deck (or all) and one period."""

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


def load_statistics(
    col: Collection,
    now: datetime,
    *,
    period: Period = Period.MONTH,
    deck: int | None = None,
    hardest_limit: int = 10,
) -> Statistics:
    """Compute every figure for ``deck`` (None: the whole collection) over ``period``."""
    first = first_review_at(col.db) if period.days is None else None
    span = period.days or _days_back_bound(now, first)
    back = max(span, 7 * math.ceil(span / 7), CALENDAR_DAYS) - 1
    grid = grid_for(col, now, days_back=back, days_ahead=FORECAST_DAYS)
    days = period.days or _days_since(grid, first)
    weeks = math.ceil(days / 7)
    bucket = bucket_seconds(grid)
    db = col.db
    end = grid.starts[grid.today + 1]
    start = grid.starts[grid.today + 1 - 7 * weeks]
    tallies = answer_tallies(db, start=start, end=end, bucket=bucket, deck=deck)
    if 7 * weeks >= CALENDAR_DAYS:
        counts = [(t.at, t.count) for t in tallies]
    else:  # the calendar looks further back than the period: count only
        year_start = grid.starts[grid.today + 1 - CALENDAR_DAYS]
        counts = answer_counts(db, start=year_start, end=end, bucket=bucket, deck=deck)
    dues = due_tallies(db, end=grid.end, bucket=bucket, deck=deck)
    return Statistics(
        period=period,
        deck=deck,
        today=today_stats(tallies, grid),
        forecast=forecast(dues, grid, FORECAST_DAYS),
        reviews=reviews_per_day(tallies, grid, days),
        retention=retention_per_week(tallies, grid, weeks),
        intervals=interval_distribution(interval_counts(db, deck=deck)),
        ease=ease_distribution(ease_counts(db, deck=deck)),
        calendar=calendar_days(counts, grid, CALENDAR_DAYS),
        hardest=hardest_terms(term_lapses(db, deck=deck, limit=hardest_limit), hardest_limit),
    )
