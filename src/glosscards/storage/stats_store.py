"""The statistics' queries: answers summed per scheduling day, cards per due day, interval and ease.

The review log can hold a million rows, so answers are summed in SQL per scheduling day
(:meth:`StatsStore.day_tallies`): the caller passes the day boundaries (local days, exact across
DST changes) and SQL counts each (day, button, kind) cell by walking the range of
``ix_review_log_tally`` (schema 9) that holds it. The index leads with the columns an answer's
button and kind come from, then the time, so every cell is one contiguous run of index entries
and no row is sorted or read from the table: a GROUP BY over computed values would sort every
answer. :meth:`StatsStore.answer_tallies` is the straightforward form (sums per 15-minute
bucket, see :func:`glosscards.stats.bucket_seconds`), kept as the reference the tests compare
with. Retired cards are left out everywhere, with their answers; suspended cards are left out
of the forecast only.

A worker thread reads through :class:`glosscards.storage.stats_reader.StatsReader`, on a
connection of its own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from itertools import pairwise
from typing import Any, Protocol

from glosscards.stats import MATURE_DAYS, AnswerKind, AnswerTally, Button
from glosscards.storage.database import Params
from glosscards.storage.sql import in_deck

__all__ = ["StatsStore"]


class _Connection(Protocol):
    """What the store needs of a connection: :class:`~glosscards.storage.database.Database`."""

    @property
    def conn(self) -> sqlite3.Connection: ...

    @property
    def lock(self) -> AbstractContextManager[Any]: ...

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...

    def row(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None: ...

    def value(self, sql: str, params: Params = ()) -> Any: ...


_DECK_CARDS = in_deck("c")

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
_BUTTONS = {b.value: b for b in Button}


def _deck(deck: int | None) -> str:
    return "" if deck is None else _DECK_CARDS


# The day-tally query's scratch tables, private to the connection: the days (by their start, so
# an answer's day is one seek) and the (grade, quality, redrill, phase) prefixes the log holds.
# Their INTEGER PRIMARY KEYs make the nested loop deliver the cells in GROUP BY order: no sort.
_SCRATCH = (
    "CREATE TEMP TABLE IF NOT EXISTS stats_day"
    " (i INTEGER PRIMARY KEY, lo INTEGER NOT NULL UNIQUE, hi INTEGER NOT NULL)",
    "CREATE TEMP TABLE IF NOT EXISTS stats_key (id INTEGER PRIMARY KEY, g, q, r, p)",
    "CREATE TEMP TABLE IF NOT EXISTS stats_card (id INTEGER PRIMARY KEY)",
)
_SUMS = (
    "count(*), sum(r.duration_ms), sum(r.interval_before >= :mature),"
    " sum(CASE WHEN r.interval_before >= :mature THEN r.duration_ms ELSE 0 END)"
)
# Every cell of (day, prefix): a run of ix_review_log_tally. CROSS JOIN keeps SQLite's loop
# order (days, then prefixes, then the index), which is the GROUP BY's order.
_CELLS = (
    f"SELECT d.i, k.g, k.q, k.r, k.p, {_SUMS} FROM stats_day d CROSS JOIN stats_key k"
    " CROSS JOIN review_log r INDEXED BY ix_review_log_tally{join}"
    " WHERE r.grade IS k.g AND r.quality = k.q AND r.redrill = k.r AND r.phase_before = k.p"
    " AND r.reviewed_at >= d.lo AND r.reviewed_at < d.hi GROUP BY d.i, k.id"
)
# The answers of retired cards (few, as a rule), to take away from the cells of all decks:
# cheaper than testing each of a million answers against the set of retired cards.
_RETIRED_CELLS = (
    "SELECT (SELECT d.i FROM stats_day d WHERE d.lo <= r.reviewed_at ORDER BY d.lo DESC LIMIT 1),"
    f" r.grade, r.quality, r.redrill, r.phase_before, {_SUMS}"
    " FROM card c CROSS JOIN review_log r ON r.card_id = c.id"
    " WHERE c.retired = 1 AND r.reviewed_at >= :lo AND r.reviewed_at < :hi"
    " GROUP BY 1, 2, 3, 4, 5"
)
_Cell = tuple[int, int | None, int, int, str]


_PREFIX = ("grade", "quality", "redrill", "phase_before")


def _prefixes(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The distinct (grade, quality, redrill, phase) the log holds, in index order: a few
    dozen seeks of ix_review_log_tally (SELECT DISTINCT would walk all of it)."""
    found: list[tuple[Any, ...]] = []

    def walk(fixed: tuple[Any, ...]) -> None:
        if len(fixed) == len(_PREFIX):
            found.append(fixed)
            return
        column = _PREFIX[len(fixed)]
        where = "".join(f" AND {c} IS ?" for c in _PREFIX[: len(fixed)])
        first = conn.execute(
            f"SELECT {column} FROM review_log INDEXED BY ix_review_log_tally WHERE 1{where}"
            f" ORDER BY {column} LIMIT 1",
            fixed,
        ).fetchone()
        after = (
            f"SELECT {column} FROM review_log INDEXED BY ix_review_log_tally"
            f" WHERE 1{where} AND {column} > ? ORDER BY {column} LIMIT 1"
        )
        if first is None:
            return
        value = first[0]
        if value is None:  # NULL sorts first
            walk((*fixed, None))
            row = conn.execute(
                f"SELECT {column} FROM review_log INDEXED BY ix_review_log_tally"
                f" WHERE 1{where} AND {column} IS NOT NULL ORDER BY {column} LIMIT 1",
                fixed,
            ).fetchone()
            if row is None:
                return
            value = row[0]
        while True:
            walk((*fixed, value))
            row = conn.execute(after, (*fixed, value)).fetchone()
            if row is None:
                return
            value = row[0]

    walk(())
    return found


def _kind_of(phase: str, redrill: bool) -> AnswerKind:
    """The kind as :data:`_KIND_CODE` gives it (any other phase counts as learning)."""
    if redrill:
        return AnswerKind.REDRILL
    if phase == "review":
        return AnswerKind.REVIEW
    return AnswerKind.NEW if phase == "new" else AnswerKind.LEARNING


def _button_of(grade: int | None, quality: int) -> Button:
    return _BUTTONS[grade if grade is not None else 1 if quality < 3 else quality - 1]


class StatsStore:
    """Read-only aggregates for :mod:`glosscards.statistics`."""

    def __init__(self, db: _Connection) -> None:
        self._db = db

    def change_stamp(self) -> tuple[str, int, int]:
        """What changes whenever the collection does: which opening of the file this is (the
        counters start again with each connection), the rows this connection changed and
        SQLite's count of other connections' commits (``PRAGMA data_version``)."""
        with self._db.lock:
            version = self._db.conn.execute("PRAGMA data_version").fetchone()[0]
            token = str(getattr(self._db, "token", ""))
            return (token, self._db.conn.total_changes, int(version))

    def _log_filter(self, deck: int | None) -> str:
        """The condition keeping answers of active cards (of ``deck``, if given).

        A join with ``card`` per answer costs more than the aggregation itself on a big log, so
        answers are filtered by a set of card ids, and only when there is something to filter.
        """
        if deck is not None:
            # The unary + keeps SQLite from driving the query by card_id (every answer of the
            # deck's cards, whatever their time) instead of by the reviewed_at range.
            return f" AND +card_id IN (SELECT c.id FROM card c WHERE c.retired = 0{_DECK_CARDS})"
        if self._db.value("SELECT 1 FROM card WHERE retired = 1 LIMIT 1") is None:
            return ""
        return " AND card_id NOT IN (SELECT id FROM card WHERE retired = 1)"

    def answer_tallies(
        self, *, start: int, end: int, bucket: int, deck: int | None = None
    ) -> list[AnswerTally]:
        """Answers in ``[start, end)`` (epoch seconds), summed per ``bucket`` seconds.

        Each tally's ``at`` is the start of its bucket; ``mature`` is set for review answers only.
        """
        rows = self._db.rows(
            "SELECT reviewed_at / :bucket_ms,"
            " coalesce(grade, CASE WHEN quality < 3 THEN 1 ELSE quality - 1 END),"
            f" {_KIND_CODE}, count(*), sum(duration_ms) FROM review_log"
            " WHERE reviewed_at >= :lo AND reviewed_at < :hi"
            f"{self._log_filter(deck)} GROUP BY 1, 2, 3",
            {
                "bucket_ms": bucket * 1000,
                "mature": MATURE_DAYS,
                "lo": start * 1000,
                "hi": end * 1000,
                "deck": deck,
            },
        )
        return [
            AnswerTally(at * bucket, _BUTTONS[b], *_KINDS[k], n, int(ms))
            for at, b, k, n, ms in rows
        ]

    def day_tallies(self, *, starts: Sequence[int], deck: int | None = None) -> list[AnswerTally]:
        """Answers of each day ``[starts[i], starts[i + 1])`` (epoch seconds), summed by button,
        kind and maturity; each tally's ``at`` is its day's start.

        The figures are those of :meth:`answer_tallies` placed in their days, without reading or
        sorting the answers one by one (see the module docstring).
        """
        if len(starts) < 2:
            return []
        lo, hi = starts[0] * 1000, starts[-1] * 1000
        cells: dict[_Cell, list[int]] = {}
        with self._db.lock:
            conn = self._db.conn
            for statement in _SCRATCH:
                conn.execute(statement)
            for table in ("stats_day", "stats_key", "stats_card"):
                conn.execute(f"DELETE FROM {table}")
            conn.executemany(
                "INSERT INTO stats_day (i, lo, hi) VALUES (?, ?, ?)",
                [(i, a * 1000, b * 1000) for i, (a, b) in enumerate(pairwise(starts))],
            )
            conn.executemany(
                "INSERT INTO stats_key (g, q, r, p) VALUES (?, ?, ?, ?)", _prefixes(conn)
            )
            join = ""
            if deck is not None:
                conn.execute(
                    "INSERT INTO stats_card (id) SELECT c.id FROM card c"
                    f" WHERE c.retired = 0{_DECK_CARDS}",
                    {"deck": deck},
                )
                join = " CROSS JOIN stats_card s ON s.id = r.card_id"
            params = {"mature": MATURE_DAYS}
            for i, g, q, r, p, *sums in conn.execute(_CELLS.format(join=join), params):
                cells[(i, g, q, r, p)] = sums
            if deck is None:
                retired = conn.execute(_RETIRED_CELLS, {**params, "lo": lo, "hi": hi})
                for i, g, q, r, p, *sums in retired:
                    kept = cells[(i, g, q, r, p)]
                    for index, value in enumerate(sums):
                        kept[index] -= value
        return _tallies_of(cells, starts)

    def answer_counts(
        self, *, start: int, end: int, bucket: int, deck: int | None = None
    ) -> list[tuple[int, int]]:
        """(bucket start, answers) for answers in ``[start, end)``: the calendar's input."""
        rows = self._db.rows(
            "SELECT reviewed_at / :bucket_ms, count(*) FROM review_log"
            f" WHERE reviewed_at >= :lo AND reviewed_at < :hi{self._log_filter(deck)}"
            " GROUP BY 1",
            {"bucket_ms": bucket * 1000, "lo": start * 1000, "hi": end * 1000, "deck": deck},
        )
        return [(at * bucket, n) for at, n in rows]

    def due_days(self, *, last_day: int, deck: int | None = None) -> list[tuple[int, bool, int]]:
        """(due day, mature, cards) for active studied cards due on ``last_day`` or before."""
        rows = self._db.rows(
            "SELECT c.due_day, c.interval_days >= :mature, count(*) FROM card c"
            " WHERE c.phase != 'new' AND c.suspended = 0 AND c.retired = 0"
            f" AND c.due_day <= :last{_deck(deck)} GROUP BY 1, 2",
            {"mature": MATURE_DAYS, "last": last_day, "deck": deck},
        )
        return [(day, bool(mature), n) for day, mature, n in rows]

    def interval_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]:
        """(interval in days, cards) for studied cards that are not retired."""
        return [
            (a, b)
            for a, b in self._db.rows(
                "SELECT c.interval_days, count(*) FROM card c"
                f" WHERE c.phase != 'new' AND c.retired = 0{_deck(deck)} GROUP BY 1",
                {"deck": deck},
            )
        ]

    def ease_counts(self, *, deck: int | None = None) -> list[tuple[int, int]]:
        """(E-Factor in hundredths, cards) for studied cards that are not retired."""
        return [
            (a, b)
            for a, b in self._db.rows(
                "SELECT CAST(round(c.ease * 100) AS INTEGER), count(*) FROM card c"
                f" WHERE c.phase != 'new' AND c.retired = 0{_deck(deck)} GROUP BY 1",
                {"deck": deck},
            )
        ]

    def term_lapses(self, *, deck: int | None = None, limit: int = 10) -> list[tuple[str, int]]:
        """(term name, lapses over its cards) for the ``limit`` terms that lapsed most.

        Ordered as :func:`glosscards.stats.hardest_terms` ranks them (SQLite compares text by
        its UTF-8 bytes, which is Python's code-point order), so the limit cuts the same list.
        """
        deck_filter = "" if deck is None else " AND t.source_id = :deck"
        return [
            (a, b)
            for a, b in self._db.rows(
                "SELECT t.term, sum(c.lapses) AS lapses FROM card c"
                " JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id"
                f" WHERE c.retired = 0 AND c.lapses > 0{deck_filter}"
                " GROUP BY t.id ORDER BY lapses DESC, t.term LIMIT :limit",
                {"deck": deck, "limit": limit},
            )
        ]

    def memory_states(self, *, decks: Sequence[int]) -> list[tuple[int, float, int]]:
        """(deck id, stability, last answer in epoch seconds) of the studied active cards with
        an FSRS memory state in ``decks``: one query, for the predicted recall."""
        return self._db.rows(
            "SELECT deck_id, stability, last_review FROM card WHERE stability IS NOT NULL"
            " AND last_review IS NOT NULL AND phase != 'new' AND suspended = 0 AND retired = 0"
            " AND deck_id IN (SELECT value FROM json_each(:decks))",
            {"decks": json.dumps([int(d) for d in decks])},
        )

    def first_review_at(self) -> int | None:
        """Epoch seconds of the oldest answer in the log, or None for an empty log."""
        value = self._db.value("SELECT min(reviewed_at) FROM review_log")
        return None if value is None else int(value) // 1000

    def card_state_counts(self, *, deck: int | None = None) -> dict[str, int]:
        """Cards by state: new, learning, young and mature reviews, suspended, retired; the
        number of cards, notes and terms."""
        card_filter = note_filter = term_filter = ""
        if deck is not None:
            card_filter = " WHERE 1" + in_deck()
            note_filter = " AND t.source_id = :deck"
            term_filter = " AND source_id = :deck"
        active = "retired = 0 AND suspended = 0"
        row = self._db.row(
            "SELECT"
            f" coalesce(sum({active} AND phase = 'new'), 0),"
            f" coalesce(sum({active} AND phase = 'learning'), 0),"
            f" coalesce(sum({active} AND phase = 'review' AND interval_days < :mature), 0),"
            f" coalesce(sum({active} AND phase = 'review' AND interval_days >= :mature), 0),"
            " coalesce(sum(retired = 0 AND suspended = 1), 0),"
            " coalesce(sum(retired = 1), 0),"
            " count(*)"
            f" FROM card{card_filter}",
            {"deck": deck, "mature": MATURE_DAYS},
        )
        notes = self._db.row(
            "SELECT (SELECT count(*) FROM note n JOIN term t ON t.id = n.term_id"
            f" WHERE t.retired = 0{note_filter}),"
            f" (SELECT count(*) FROM term WHERE retired = 0{term_filter})",
            {"deck": deck},
        )
        assert row is not None and notes is not None
        names = ("new", "learning", "young", "mature", "suspended", "retired", "cards")
        return {**dict(zip(names, row, strict=True)), "notes": notes[0], "terms": notes[1]}


def _tallies_of(cells: dict[_Cell, list[int]], starts: Sequence[int]) -> list[AnswerTally]:
    tallies: list[AnswerTally] = []
    kinds: dict[tuple[int | None, int, int, str], tuple[Button, AnswerKind]] = {}
    for (i, grade, quality, redrill, phase), (n, ms, mature, mature_ms) in cells.items():
        key = (grade, quality, redrill, phase)
        found = kinds.get(key)
        if found is None:
            found = kinds[key] = (_button_of(grade, quality), _kind_of(phase, bool(redrill)))
        button, kind = found
        at = starts[i]
        if kind is AnswerKind.REVIEW:
            if mature:
                tallies.append(AnswerTally(at, button, kind, True, mature, mature_ms))
            n, ms = n - mature, ms - mature_ms
        if n:
            tallies.append(AnswerTally(at, button, kind, False, n, ms))
    return tallies
