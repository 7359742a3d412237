"""The review hot path's SQL: fetch the first card of a queue list, count a list, record an
answer (journaled for undo: :mod:`glosscards.storage.journal`).

These run once per card shown, so they use prepared SQL on the collection's connection rather
than the ORM (the ORM is used for the cold paths: import, settings, browsing). Each write is one
``BEGIN IMMEDIATE … COMMIT`` transaction; durability comes from the connection's pragmas (see
:mod:`glosscards.storage.engine`). Which list to look in, and the limits, are the queue policy's
business (:mod:`glosscards.scheduler.queue`): this module only fetches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glosscards.scheduler.day import SchedulingDay
from glosscards.scheduler.queue import DoneToday, QueueList, QueuePolicy, redrill_ready_after
from glosscards.scheduler.state import CardPhase, CardState, ReviewLog
from glosscards.storage.card_rows import (
    STATE_BEFORE_COLUMNS,
    STATE_COLUMNS,
    card_state,
    insert_review,
    to_epoch,
    write_card_state,
)
from glosscards.storage.database import Database
from glosscards.storage.journal import record_step
from glosscards.storage.sql import ACTIVE, in_deck
from glosscards.undo import describe_step

__all__ = [
    "STATE_BEFORE_COLUMNS",
    "STATE_COLUMNS",
    "CardRowState",
    "QueueWindow",
    "ReviewStore",
    "card_state",
    "insert_review",
    "to_epoch",
    "write_card_state",
]

_VISIBLE = f"buried_until_day <= :today AND {ACTIVE}"
_REDRILL_TODAY = f"redrill = 1 AND last_review >= :start AND {_VISIBLE}"
# A re-drill card is ready once it has waited its answers (SM-2) or, for an FSRS learning step,
# once the step's instant has come (``due_at``).
_REDRILL_READY = "CASE WHEN due_at IS NULL THEN redrill_after <= :seq ELSE due_at <= :now END"
_DUE = (
    f"phase != 'new' AND due_day <= :today AND {_VISIBLE} AND (redrill = 0 OR last_review < :start)"
)
_NEW = f"phase = 'new' AND {_VISIBLE}"

_CONDITION = {
    QueueList.REDRILL_READY: f"{_REDRILL_TODAY} AND {_REDRILL_READY}",
    QueueList.DUE: _DUE,
    QueueList.NEW: _NEW,
    QueueList.REDRILL_WAITING: _REDRILL_TODAY,
}
_ORDER = {
    QueueList.REDRILL_READY: "due_at, redrill_after, id",  # SM-2's (no due_at) first
    QueueList.DUE: "due_day, id",
    QueueList.NEW: "new_position, id",
    QueueList.REDRILL_WAITING: "due_at, redrill_after, id",
}
_FIRST_SQL = {
    (which, deck): f"SELECT id FROM card WHERE {_CONDITION[which]}"
    f"{in_deck() if deck else ''} ORDER BY {_ORDER[which]} LIMIT 1"
    for which in QueueList
    for deck in (False, True)
}
_COUNT_SQL = {
    (which, deck): f"SELECT count(*) FROM (SELECT 1 FROM card WHERE {_CONDITION[which]}"
    f"{in_deck() if deck else ''} LIMIT :lim)"
    for which in QueueList
    for deck in (False, True)
}


@dataclass(frozen=True, slots=True)
class QueueWindow:
    """The queries' view of one scheduling day, optionally restricted to one deck."""

    today: int
    start: int
    deck: int | None = None

    @classmethod
    def of(cls, day: SchedulingDay, deck: int | None = None) -> QueueWindow:
        return cls(day.number, int(day.start.timestamp()), deck)

    def params(self, **extra: int) -> dict[str, Any]:
        return {"today": self.today, "start": self.start, "deck": self.deck, **extra}


@dataclass(frozen=True, slots=True)
class CardRowState:
    id: int
    note_id: int
    ordinal: int
    state: CardState
    redrill_after: int
    active: bool = True
    """False for a suspended or retired card: it may be shown in the browser, not answered."""
    deck: int = 0
    """The id of the card's deck (its term's glossary source)."""
    siblings: bool = True
    """Whether the note had other current cards when the row was read: an answer looks for
    siblings to bury only then (a note's cards change only by imports, which forget the row)."""


_CARD_COLUMNS_C = (
    "c.id, c.note_id, c.ordinal, "
    + ", ".join(f"c.{name.strip()}" for name in STATE_COLUMNS.split(","))
    + ", c.redrill_after, c.suspended = 0 AND c.retired = 0"
)
_CARD_WIDTH = 3 + len(STATE_COLUMNS.split(",")) + 4  # with the deck id and siblings that follow
_SIBLINGS = (
    "EXISTS (SELECT 1 FROM card s WHERE s.note_id = c.note_id AND s.id != c.id AND s.retired = 0)"
)
_CARD_WITH_CONTENT = (
    f"SELECT {_CARD_COLUMNS_C}, t.source_id, {_SIBLINGS}, t.term, n.text, n.back_extra,"
    " t.entry_json FROM card c"
    " JOIN note n ON n.id = c.note_id JOIN term t ON t.id = n.term_id WHERE c.id = ?"
)


def _card_from_row(row: tuple[Any, ...]) -> CardRowState:
    cid, note_id, ordinal, *columns, after, active, deck, siblings = row
    return CardRowState(
        cid, note_id, ordinal, card_state(columns), after, bool(active), deck, bool(siblings)
    )


class ReviewStore:
    """Hot-path SQL over the collection's connection."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._conn = db.conn
        self._lock = db.lock
        # What each day's answers used of the limits, per day start. Answers are written only
        # through this store (the collection's writer lock keeps other processes out; imports
        # never touch the review log), so record_answer keeps it current and an undo drops it.
        self._done: dict[tuple[int, int | None], list[int]] = {}
        self._last_id: int | None = None
        self._pruned_day: int | None = None  # the day the undo journal last lost older days

    # -- reading -------------------------------------------------------------------------------

    def done_today(self, window: QueueWindow) -> DoneToday:
        """(new cards introduced, scheduled reviews answered) since the day started, in the
        window's deck (or in all decks)."""
        slot = (window.start, window.deck)
        cached = self._done.get(slot)
        if cached is None:
            cached = self._done[slot] = list(self._count_done(window.start, window.deck))
        return DoneToday(new=cached[0], reviews=cached[1])

    def _count_done(self, start: int, deck: int | None) -> tuple[int, int]:
        in_the_deck = (
            "" if deck is None else f" AND +card_id IN (SELECT id FROM card WHERE 1{in_deck()})"
        )
        row = self._db.row(
            "SELECT (SELECT count(*) FROM review_log"
            "        WHERE reviewed_at >= :since AND redrill = 0 AND phase_before = 'new'"
            f"{in_the_deck}),"
            " (SELECT count(*) FROM review_log WHERE reviewed_at >= :since AND redrill = 0"
            f"{in_the_deck})",
            {"since": start * 1000, "deck": deck},
        )
        assert row is not None
        return int(row[0]), int(row[1]) - int(row[0])

    def _params(
        self, which: QueueList, window: QueueWindow, now: int, **extra: int
    ) -> dict[str, Any]:
        params = window.params(**extra)
        if which is QueueList.REDRILL_READY:
            params["seq"] = self.answer_sequence()
            params["now"] = now
        return params

    def first_in(self, which: QueueList, window: QueueWindow, *, now: int = 0) -> int | None:
        """The id of the first card of one queue list, in the list's order; ``now`` (epoch
        seconds) says which FSRS learning steps are ready (see :data:`_REDRILL_READY`)."""
        params = self._params(which, window, now)
        with self._lock:
            row = self._conn.execute(_FIRST_SQL[which, window.deck is not None], params).fetchone()
        return None if row is None else int(row[0])

    def first_in_decks(
        self, which: QueueList, window: QueueWindow, decks: tuple[int, ...], *, now: int = 0
    ) -> int | None:
        """:meth:`first_in` over some of the decks only (those whose limits leave room)."""
        params = self._params(which, window, now)
        marks = ", ".join(f":d{i}" for i in range(len(decks)))
        params.update({f"d{i}": deck for i, deck in enumerate(decks)})
        sql = (
            f"SELECT id FROM card WHERE {_CONDITION[which]} AND deck_id IN ({marks})"
            f" ORDER BY {_ORDER[which]} LIMIT 1"
        )
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return None if row is None else int(row[0])

    def count_in(
        self, which: QueueList, window: QueueWindow, *, limit: int = -1, now: int = 0
    ) -> int:
        """How many cards one list holds, counting at most ``limit`` (-1: all)."""
        params = self._params(which, window, now, lim=limit)
        with self._lock:
            row = self._conn.execute(_COUNT_SQL[which, window.deck is not None], params).fetchone()
        return int(row[0])

    def card_with_content(
        self, card_id: int
    ) -> tuple[CardRowState, tuple[str, str, str, str]] | None:
        """A card's state and (term name, note text, back extra, entry json), in one query."""
        with self._lock:
            row = self._conn.execute(_CARD_WITH_CONTENT, (card_id,)).fetchone()
        if row is None:
            return None
        w = _CARD_WIDTH
        return _card_from_row(row[:w]), (row[w], row[w + 1], row[w + 2], row[w + 3])

    def answer_sequence(self) -> int:
        """The sequence number of the newest answer (re-drill waiting counts from it)."""
        if self._last_id is None:
            self._last_id = int(self._db.value("SELECT max(id) FROM review_log") or 0)
        return self._last_id

    # -- writing -------------------------------------------------------------------------------

    def record_answer(
        self,
        card: CardRowState,
        new_state: CardState,
        log: ReviewLog,
        *,
        duration_ms: int,
        bury_until_day: int,
        policy: QueuePolicy,
        day: int,
        term: str,
    ) -> int:
        """Write the new card state, the review-log row, the sibling burial and the undo step
        (of scheduling day ``day``, named after ``term``): one transaction."""
        old = card.state
        with self._db.write() as db:
            siblings = (
                db.execute(
                    "SELECT id, buried_until_day FROM card WHERE note_id = ? AND id != ?"
                    " AND buried_until_day < ? AND retired = 0",
                    (card.note_id, card.id, bury_until_day),
                ).fetchall()
                if card.siblings
                else ()
            )
            buried = ",".join(f"{sid}:{before}" for sid, before in siblings)
            # SQLite gives a new row the largest rowid plus one, so this answer's id is the
            # sequence number (``answer_sequence`` + 1) that re-drill waiting counts from.
            review_id = insert_review(
                db,
                card.id,
                old,
                log,
                duration_ms=duration_ms,
                redrill_after_before=card.redrill_after,
                buried=buried,
            )
            redrill_after = redrill_ready_after(policy, review_id) if new_state.redrill else 0
            write_card_state(db, card.id, new_state, redrill_after=redrill_after)
            if siblings:
                db.executemany(
                    "UPDATE card SET buried_until_day = ? WHERE id = ?",
                    [(bury_until_day, sid) for sid, _ in siblings],
                )
            record_step(
                db,
                kind="answer",
                day=day,
                card_ids=[card.id],
                description=describe_step("answer", count=1, term=term),
                at=int(log.reviewed_at.timestamp()),
                review_id=review_id,
                prune=self._pruned_day != day,  # steps of earlier days go once a day
            )
        self._pruned_day = day
        self._last_id = review_id
        if not log.redrill:  # as done_today counts: scheduled answers since each day's start
            slot = 0 if old.phase == CardPhase.NEW else 1
            reviewed_ms = int(log.reviewed_at.timestamp() * 1000)
            for (start, deck), done in self._done.items():
                if reviewed_ms >= start * 1000 and deck in (None, card.deck):
                    done[slot] += 1
        return review_id

    def forget_counts(self) -> None:
        """Drop what is cached of today's answers (after cards and answers were deleted)."""
        self._done.clear()
        self._last_id = None
